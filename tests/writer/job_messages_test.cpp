#include "writer/job_messages.h"

#include <doctest/doctest.h>

using namespace sw;
using namespace sw::writer;

TEST_CASE("job messages: a read-back difference at a round size says the stick is probably fake") {
  for (const std::uint64_t at : {8ull << 30, 128ull << 20, 3ull << 30}) {
    INFO("at " << at);
    const auto e = job_messages::verify_failed("/dev/sdx", at, "abc");
    CHECK(e.kind == ErrorKind::kVerifyFailed);
    CHECK(e.remedy == Remedy::kCheckStick);
    CHECK(e.message.find("probably counterfeit") != std::string::npos);
  }
  for (const std::optional<std::uint64_t> at :
       {std::optional<std::uint64_t>{4096}, std::optional<std::uint64_t>{(8ull << 30) + 512},
        std::optional<std::uint64_t>{}}) {
    const auto e = job_messages::verify_failed("/dev/sdx", at, "abc");
    CHECK(e.remedy == Remedy::kNone);
    CHECK(e.message.find("probably counterfeit") == std::string::npos);
    CHECK(e.message.find("faulty or counterfeit") != std::string::npos);
  }
}
