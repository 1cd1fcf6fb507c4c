import { describe, expect, it } from 'vitest';
import { looksLikeMarkup, svgProblem } from './svg-check';

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">${body}</svg>`;

describe('svgProblem', () => {
  it.each([
    ['<script>alert(1)</script>', 'script'],
    ['<SCRIPT >x</SCRIPT>', 'script'],
    ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 'entities'],
    ['<rect onload="x()"/>', 'event handler'],
    ["<rect ONCLICK = 'x()'/>", 'event handler'],
    ['<foreignObject><div/></foreignObject>', 'foreign content'],
    ['<image xlink:href="file:///etc/passwd"/>', 'references file:'],
    ['<image href=" http://169.254.169.254/x"/>', 'references http:'],
    ['<use href=other.svg#a />', 'references other.svg'],
    ['<rect style="fill: url( \'https://evil.example/x\')"/>', 'in a style'],
    ['<style>rect { fill: url(other.svg#g) }</style>', 'in a style'],
    ['<style>@import "x.css";</style>', 'imports a style sheet'],
  ])('refuses %s', (body, why) => {
    expect(svgProblem(svg(body))).toContain(why);
  });

  it('refuses <use> chains that expand to 10^8 elements (nine levels of ten)', () => {
    let defs = '<rect id="l0" width="1" height="1"/>';
    for (let level = 1; level <= 8; level++)
      defs += `<g id="l${level}">${`<use xlink:href="#l${level - 1}"/>`.repeat(10)}</g>`;
    const bomb = svg(`<defs>${defs}</defs>${'<use href="#l8"/>'.repeat(10)}`);
    expect(bomb.length).toBeLessThan(3_000); // a few kilobytes
    const t0 = performance.now();
    expect(svgProblem(bomb)).toContain('expand to more than 200000 elements');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('refuses a <use> that draws its own ancestor', () => {
    expect(svgProblem(svg('<g id="a"><rect/><use href="#a"/></g>'))).toContain('refers to itself');
  });

  it('accepts an icon sprite of a hundred uses', () => {
    const sprite = svg(
      `<defs><symbol id="i"><path d="M0 0h1"/><circle r="1"/></symbol></defs>${'<use href="#i" x="1"/>'.repeat(100)}`,
    );
    expect(svgProblem(sprite)).toBeUndefined();
  });

  it.each([
    '<rect width="20" height="20" fill="#c33"/><use href="#a"/>',
    '<rect style="fill:url(#grad)" opacity="0.5" offset="1"/>',
    '<image href="data:image/png;base64,iVBORw0KGgo="/>',
    '<!-- <script> in a comment --><rect/>',
    '<![CDATA[ onload= ]]><rect/>',
  ])('accepts %s', (body) => {
    expect(svgProblem(svg(body))).toBeUndefined();
  });

  // Adversarial inputs of 1 MB: the scan is linear, so 1 MB takes about ten times 100 KB and
  // stays far under the event loop's patience. (The regex it replaced took 2.5 s on the first.)
  const adversarial: [string, (n: number) => string][] = [
    ['url( followed by spaces', (n) => `<svg>url(${' '.repeat(n)}`],
    ['many url(', (n) => `<svg>${'url( '.repeat(n / 5)}`],
    ['an endless attribute list', (n) => `<svg ${'a '.repeat(n / 2)}`],
    ['unclosed quotes', (n) => `<svg a="${'x'.repeat(n)}`],
    ['many tags', (n) => '<a'.repeat(n / 2)],
    ['spaces before =', (n) => `<svg href${' '.repeat(n)}`],
    ['nested comments', (n) => '<!--'.repeat(n / 4)],
  ];
  it.each(adversarial)('scans %s in linear time', (_name, make) => {
    const time = (n: number) => {
      const text = make(n);
      const t0 = performance.now();
      for (let k = 0; k < 3; k++) svgProblem(text);
      return (performance.now() - t0) / 3;
    };
    time(100_000); // warm up
    const small = time(100_000);
    const big = time(1_000_000);
    expect(big).toBeLessThan(250);
    expect(big).toBeLessThan(Math.max(small, 1) * 30);
  });
});

describe('looksLikeMarkup', () => {
  it('spots markup after a BOM or blanks, and never a raster header', () => {
    expect(looksLikeMarkup(Buffer.from('\ufeff  \n<!-- c --><svg/>'))).toBe(true);
    expect(looksLikeMarkup(Buffer.from('<?xml version="1.0"?><svg/>'))).toBe(true);
    expect(looksLikeMarkup(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(looksLikeMarkup(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
  });
});
