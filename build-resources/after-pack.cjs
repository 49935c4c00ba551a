// electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is
// signed (afterPack runs before signing), so the signature covers the flipped binary.
// https://www.electronjs.org/docs/latest/tutorial/fuses
'use strict';

const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const { Arch } = require('builder-util');

/** The fuse settings for one packaged platform and architecture. */
function fuseConfig(electronPlatformName, arch) {
  const macArm = (electronPlatformName === 'darwin' || electronPlatformName === 'mas') && (arch === Arch.arm64 || arch === Arch.universal);
  return {
    version: FuseVersion.V1,
    // Editing the binary voids its ad-hoc signature, without which arm64 macOS will not start it.
    resetAdHocDarwinSignature: macArm,
    // ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect would turn the signed app into a Node shell
    // running anyone's code with the app's identity and keychain access.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Load the app only from app.asar, and only if its header hash matches the one
    // electron-builder embedded (Info.plist on macOS, a resource on Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // Pages come from the app:// protocol; file:// needs no extra powers.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Path of the packaged Electron executable (or .app bundle), as electron-builder names it. */
function electronBinaryPath(context) {
  const platform = context.electronPlatformName;
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[platform];
  if (ext === undefined) throw new Error(`after-pack: unknown platform ${platform}`);
  const name = platform === 'linux' ? context.packager.executableName : context.packager.appInfo.productFilename;
  return path.join(context.appOutDir, `${name}${ext}`);
}

async function afterPack(context) {
  await flipFuses(electronBinaryPath(context), fuseConfig(context.electronPlatformName, context.arch));
}

exports.default = afterPack;
exports.fuseConfig = fuseConfig;
exports.electronBinaryPath = electronBinaryPath;
