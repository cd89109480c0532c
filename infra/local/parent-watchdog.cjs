// Loaded with `node --require` in front of Azurite by the test fixture: exits the emulator when the
// process that started it (CLOUDFREQ_AZURITE_PARENT_PID) is gone, so a killed test host leaves no
// Azurite behind holding its ports.
const parent = Number(process.env.CLOUDFREQ_AZURITE_PARENT_PID || 0);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
