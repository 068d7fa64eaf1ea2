/** Tiny media payloads for the fixture: a 1x1 red PNG and a 1-sample silent WAV, base64. */

/** 1x1 red pixel PNG. */
export const RED_PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/** A RIFF/WAVE file: PCM, mono, 8 kHz, 8-bit, one sample of silence (45 bytes). */
export const SILENT_WAV = (() => {
  const bytes = new Uint8Array(45);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 37, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 8000, true); // sample rate
  view.setUint32(28, 8000, true); // byte rate
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, 1, true);
  bytes[44] = 128; // silence for unsigned 8-bit PCM
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
})();
