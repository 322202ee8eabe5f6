// whatsapp-web.js pulls puppeteer; its browser download cannot work offline. We run the
// system Chromium instead (CHROMIUM_PATH).
module.exports = { skipDownload: true };
