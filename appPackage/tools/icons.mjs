// @ts-check
/**
 * Draws the app's two Teams icons into appPackage/:
 * - color.png, 192×192: the call-group glyph in white on a full-bleed accent background;
 * - outline.png, 32×32: the same glyph in white on transparent, as Teams requires
 *   ("the outline icon ... white with transparent background").
 *
 * The glyph is the product in one picture: a call group's owner in the middle and three
 * members around, each linked to the owner. Shapes are signed-distance functions, sampled
 * 4×4 per pixel for smooth edges; the outline icon's edge pixels stay pure white and only
 * their alpha varies, so it has no colour but white.
 *
 * Run: `npm run icons` (the files are committed; run again only to change the design).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import console from 'node:console';
import process from 'node:process';

/** The manifest's accentColor; the color icon's background. */
export const ACCENT = { hex: '#3B5BDB', r: 0x3b, g: 0x5b, b: 0xdb };

/** @typedef {(x: number, y: number) => number} Shape A signed distance in unit coordinates (0..1): negative inside. */

/** @param {number} cx @param {number} cy @param {number} r @returns {Shape} */
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;

/** A line segment of the given half-width. @param {number} ax @param {number} ay @param {number} bx @param {number} by @param {number} w @returns {Shape} */
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - w;
};

/** @param {Shape[]} shapes @returns {Shape} */
const union = (shapes) => (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));

/** @param {Shape} keep @param {Shape} cut @returns {Shape} */
const subtract = (keep, cut) => (x, y) => Math.max(keep(x, y), -cut(x, y));

/**
 * The call-group glyph inside the unit square, leaving `margin` free on every side.
 * @param {number} margin
 * @param {number} stroke the link width, in unit coordinates (thicker for the small icon)
 * @returns {Shape}
 */
export function callGroupGlyph(margin, stroke) {
  const span = 1 - 2 * margin;
  /** @param {number} v */
  const at = (v) => margin + v * span;
  const owner = { x: at(0.5), y: at(0.5) };
  const members = [
    { x: at(0.5), y: at(0.1) },
    { x: at(0.15), y: at(0.8) },
    { x: at(0.85), y: at(0.8) },
  ];
  const memberRadius = 0.1 * span;
  const links = members.map((m) => segment(owner.x, owner.y, m.x, m.y, stroke / 2));
  // The owner is a ring, so the glyph still reads as "the one in the middle" at 32 px.
  const ownerRing = subtract(circle(owner.x, owner.y, 0.2 * span), circle(owner.x, owner.y, 0.2 * span - stroke * 1.1));
  const ownerCut = circle(owner.x, owner.y, 0.2 * span - stroke * 1.1);
  const linked = subtract(union(links), ownerCut);
  return union([ownerRing, linked, ...members.map((m) => circle(m.x, m.y, memberRadius))]);
}

/**
 * Coverage of a shape over each pixel, 0..1, from 4×4 samples.
 * @param {number} size
 * @param {Shape} shape
 * @returns {Float64Array}
 */
export function rasterize(size, shape) {
  const samples = 4;
  const coverage = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (shape(x, y) <= 0) inside++;
        }
      }
      coverage[py * size + px] = inside / (samples * samples);
    }
  }
  return coverage;
}

/** The 192×192 color icon: accent background, white glyph. @returns {Buffer} */
export function drawColorIcon() {
  const size = 192;
  const coverage = rasterize(size, callGroupGlyph(0.2, 0.045));
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const c = coverage[i] ?? 0;
    png.data[i * 4] = Math.round(ACCENT.r + (255 - ACCENT.r) * c);
    png.data[i * 4 + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * c);
    png.data[i * 4 + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * c);
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** The 32×32 outline icon: white glyph, transparent elsewhere; only alpha varies. @returns {Buffer} */
export function drawOutlineIcon() {
  const size = 32;
  const coverage = rasterize(size, callGroupGlyph(0.06, 0.09));
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const alpha = Math.round((coverage[i] ?? 0) * 255);
    // Transparent pixels are white with alpha 0 too: every pixel is white, only opacity differs.
    png.data[i * 4] = 255;
    png.data[i * 4 + 1] = 255;
    png.data[i * 4 + 2] = 255;
    png.data[i * 4 + 3] = alpha;
  }
  return PNG.sync.write(png);
}

/** Write both icons into a folder (appPackage/ by default). @param {string} folder */
export function writeIcons(folder) {
  writeFileSync(join(folder, 'color.png'), drawColorIcon());
  writeFileSync(join(folder, 'outline.png'), drawOutlineIcon());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const folder = join(dirname(fileURLToPath(import.meta.url)), '..');
  writeIcons(folder);
  console.log(`Wrote ${join(folder, 'color.png')} (192×192) and ${join(folder, 'outline.png')} (32×32).`);
}
