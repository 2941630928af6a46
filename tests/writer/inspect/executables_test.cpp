#include "writer/inspect/executables.h"

#include <doctest/doctest.h>

#include "support/image_builder.h"

using namespace sw::writer;
using namespace sw::test;

TEST_CASE("executables: pe_arch reads the COFF machine of a PE image") {
  CHECK(pe_arch(make_pe(0x014c)) == Arch::kI386);
  CHECK(pe_arch(make_pe(0x8664)) == Arch::kX86_64);
  CHECK(pe_arch(make_pe(0xaa64)) == Arch::kArm64);
  CHECK(pe_arch(make_pe(0x01c4)) == Arch::kArm);
  CHECK(pe_arch(make_pe(0x01c2)) == Arch::kArm);
  CHECK(pe_arch(make_pe(0x5064)) == Arch::kOther);  // RISC-V 64
  SUBCASE("e_lfanew elsewhere") {
    Bytes pe = make_pe(0x8664);
    put32(pe, 0x3c, 0x100);
    put_text(pe, 0x100, std::string_view("PE\0\0", 4));
    put16(pe, 0x104, 0x014c);
    CHECK(pe_arch(pe) == Arch::kI386);
  }
}

TEST_CASE("executables: pe_arch of what is not a PE image") {
  CHECK_FALSE(pe_arch({}).has_value());
  CHECK_FALSE(pe_arch(ascii("M")).has_value());
  CHECK_FALSE(pe_arch(Bytes(4096)).has_value());
  CHECK_FALSE(pe_arch(make_elf(64, 62)).has_value());
  SUBCASE("MZ without PE") {
    Bytes dos = make_pe(0x8664);
    put_text(dos, 0x80, "NE");
    CHECK_FALSE(pe_arch(dos).has_value());
  }
  SUBCASE("e_lfanew beyond the bytes held") {
    Bytes pe = make_pe(0x8664);
    put32(pe, 0x3c, 0xfffffff0u);
    CHECK_FALSE(pe_arch(pe).has_value());
  }
  SUBCASE("PE signature cut off by the end of the head") {
    Bytes pe = make_pe(0x8664);
    pe.resize(0x82);
    CHECK_FALSE(pe_arch(pe).has_value());
  }
}

TEST_CASE("executables: kernel_arch of bzImage headers (boot protocol 2.12+)") {
  CHECK(kernel_arch(make_bzimage(0x020c, 0x0001)) == Arch::kX86_64);
  CHECK(kernel_arch(make_bzimage(0x020f, 0x001f)) == Arch::kX86_64);
  CHECK(kernel_arch(make_bzimage(0x020c, 0x0000)) == Arch::kI386);
  CHECK(kernel_arch(make_bzimage(0x020f, 0x0004)) == Arch::kI386);          // EFI handover 32 only
  CHECK(kernel_arch(make_bzimage(0x020c, 0x0001, 4096)) == Arch::kX86_64);  // just the head
}

TEST_CASE("executables: kernel_arch says nothing about an old or broken bzImage header") {
  SUBCASE("protocol 2.11 has no xloadflags") {
    CHECK_FALSE(kernel_arch(make_bzimage(0x020b, 0x0001)).has_value());
  }
  SUBCASE("protocol 2.00") { CHECK_FALSE(kernel_arch(make_bzimage(0x0200, 0)).has_value()); }
  SUBCASE("no HdrS") {
    Bytes k = make_bzimage(0x020c, 1);
    put_text(k, 0x202, "Hdrs");
    CHECK_FALSE(kernel_arch(k).has_value());
  }
  SUBCASE("no boot flag") {
    Bytes k = make_bzimage(0x020c, 1);
    put16(k, 0x1fe, 0);
    CHECK_FALSE(kernel_arch(k).has_value());
  }
  SUBCASE("too short to hold the header") {
    CHECK_FALSE(kernel_arch(Bytes(0x200)).has_value());
    CHECK_FALSE(kernel_arch({}).has_value());
  }
  SUBCASE("a PE image") { CHECK_FALSE(kernel_arch(make_pe(0x8664)).has_value()); }
}

TEST_CASE("executables: kernel_arch of ELF headers") {
  CHECK(kernel_arch(make_elf(32, 3)) == Arch::kI386);
  CHECK(kernel_arch(make_elf(64, 62)) == Arch::kX86_64);
  CHECK(kernel_arch(make_elf(64, 183)) == Arch::kArm64);
  CHECK(kernel_arch(make_elf(32, 20)) == Arch::kOther);  // PowerPC
}

TEST_CASE("executables: arch_name") {
  CHECK(arch_name(Arch::kI386) == "i386");
  CHECK(arch_name(Arch::kX86_64) == "x86_64");
  CHECK(arch_name(Arch::kArm64) == "arm64");
  CHECK(arch_name(Arch::kArm) == "arm");
  CHECK(arch_name(Arch::kOther) == "other");
}
