// etcher-sdk's write + verify of IMAGE to DEVICE, for bench/run.sh (--etcher DIR).
// Set up: copy this file and package.json into a directory, run `npm install` there, approve the
// install scripts (`npm install-scripts approve <pkg>` for each it lists), then `npm rebuild`.
// Usage: node write.js IMAGE DEVICE
'use strict';
const fs = require('fs');
const sdk = require('etcher-sdk');

async function main() {
  const [image, device] = process.argv.slice(2);
  const size = Number(require('child_process')
    .execFileSync('blockdev', ['--getsize64', device]).toString().trim());
  const source = new sdk.sourceDestination.File({ path: image });
  const drive = {
    raw: device, device, devicePath: null, displayName: device, description: 'bench',
    size, mountpoints: [], isSystem: false, isRemovable: true, isReadOnly: false,
    busType: 'USB', error: null, blockSize: 512, logicalBlockSize: 512,
  };
  const dest = new sdk.sourceDestination.BlockDevice({ drive, write: true, direct: true,
                                                        unmountOnSuccess: false });
  let failed = null;
  const result = await sdk.multiWrite.decompressThenFlash({
    source, destinations: [dest], verify: true, numBuffers: 16, trim: false,
    onFail: (_d, err) => { failed = err; },
    onProgress: () => {},
  });
  if (failed || result.failures.size > 0) {
    console.error('etcher-sdk failed:', failed || [...result.failures.values()]);
    process.exit(1);
  }
  console.log(JSON.stringify({ bytesWritten: result.bytesWritten, sourceMetadata: result.sourceMetadata && result.sourceMetadata.size }));
}
main().catch((e) => { console.error(e); process.exit(1); });
