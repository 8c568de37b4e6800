// What a reader sees, measured in the page as Chromium drew it.
// Called by tests/layout.py as page.evaluate(source, options); returns a list
// of findings {rule, where, text, detail}. The rules:
//   overlap  two visible lines of text drawn on top of one another
//   overflow the page is wider than the window (a box that scrolls sideways
//            on its own, such as a wide table, is fine)
//   broken   a word whose letters sit on two lines, unless its token (the run
//            of characters between spaces) is wider than the box it is in
//   small    text drawn under 12 px; SVG text counts at its drawn size
//   clipped  text cut by an ancestor that hides overflow, or cut across a
//            line by the top or bottom of a scroll box
// Text is measured line by line (Range.getClientRects), never by element
// boxes, since a box may be large while its words are what collide.
(options) => {
  const MIN_PX = (options && options.minPx) || 12;
  const SLACK = 1;  // px of rounding allowed at every edge
  const findings = [];
  const root = document.documentElement;
  const viewWidth = root.clientWidth;
  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (!s) { s = getComputedStyle(el); styles.set(el, s); }
    return s;
  };

  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(p + '#' + e.id); break; }
      const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter(Boolean) : [];
      if (cls.length) p += '.' + cls.slice(0, 2).join('.');
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  const say = (rule, el, text, detail) => findings.push({
    rule, where: where(el), text: (text || '').replace(/\s+/g, ' ').trim().slice(0, 80), detail,
  });

  // -- which text a reader can see ------------------------------------------
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'title', 'desc', 'style', 'script']);
  const hiddenCache = new Map();
  // Hidden on purpose: not drawn, transparent, or the visually-hidden pattern
  // (clipped to nothing, or squeezed into a 1 px box that hides overflow).
  const hidden = (el) => {
    if (!el || el === root) return false;
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    const s = style(el);
    // checkVisibility also knows the skipped content of a closed <details>.
    let result = (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
      || s.display === 'none' || s.visibility !== 'visible' || parseFloat(s.opacity) === 0
      || s.clip === 'rect(0px, 0px, 0px, 0px)' || /^inset\((50|100)%\)$/.test(s.clipPath);
    if (!result && s.overflow !== 'visible' && !s.display.startsWith('inline')) {
      const r = el.getBoundingClientRect();
      result = r.width <= 1 || r.height <= 1;
    }
    result = result || hidden(el.parentElement);
    hiddenCache.set(el, result);
    return result;
  };

  // The boxes that can cut an element's text: its own overflow, then its
  // containing blocks' (an absolutely placed box escapes static ancestors).
  const clippers = (el) => {
    const out = [];
    let e = el;
    while (e && e.nodeType === 1) {
      const s = style(e);
      // An outer <svg> is a replaced box: it clips even when inline.
      const isSvgInner = e instanceof SVGElement && e.tagName !== 'svg';
      const replaced = e.tagName === 'svg' && !(e.parentElement instanceof SVGElement);
      if (!isSvgInner && (replaced || !s.display.startsWith('inline')) && s.display !== 'contents'
          && (s.overflowX !== 'visible' || s.overflowY !== 'visible')) {
        const viewport = e === root || e === document.body;
        const r = e.getBoundingClientRect();
        const box = viewport ? {left: -scrollX, top: -Infinity, right: viewWidth, bottom: Infinity}
          : e instanceof SVGElement ? {left: r.left, top: r.top, right: r.right, bottom: r.bottom}
          : {left: r.left + e.clientLeft, top: r.top + e.clientTop,
             right: r.left + e.clientLeft + e.clientWidth, bottom: r.top + e.clientTop + e.clientHeight};
        out.push({el: e, box, x: s.overflowX, y: s.overflowY});
      }
      if (s.position === 'fixed') break;
      if (s.position === 'absolute') {
        let up = e.parentElement;
        while (up && up !== root && style(up).position === 'static' && style(up).transform === 'none') up = up.parentElement;
        e = up;
      } else {
        e = e.parentElement;
      }
    }
    return out;
  };

  // The width a token may fill: the nearest block that does not take its
  // width from its neighbours (a table cell, or an item in a row of flex
  // items, can be squeezed narrower than a word; the box they sit in cannot).
  const boxWidth = (el) => {
    for (let e = el; e && e !== root; e = e.parentElement) {
      const d = style(e).display;
      if (d.startsWith('inline') || d.startsWith('table') || d === 'contents' || e instanceof SVGElement) continue;
      const up = e.parentElement && style(e.parentElement);
      if (up && up.display.endsWith('flex') && up.flexDirection.startsWith('row')) continue;
      const s = style(e);
      return e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    }
    return viewWidth;
  };

  const drawnScale = (el) => {
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      return m ? Math.hypot(m.a, m.b) : 1;
    }
    // offsetWidth is rounded to whole pixels (a 47.6 px badge has 48): only a
    // difference beyond that rounding is a transform that draws text smaller.
    const r = el.getBoundingClientRect();
    if (!(el.offsetWidth > 0 && r.width > 0) || Math.abs(r.width - el.offsetWidth) < 1) return 1;
    return r.width / el.offsetWidth;
  };

  const range = document.createRange();
  const rectsOf = (node, start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    return Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
  };

  // -- gather every visible line of text ------------------------------------
  const lines = [];  // {rect, el, text, item}
  const items = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    const first = text.search(/\S/);
    if (first < 0) continue;
    const el = node.parentElement;
    if (!el || SKIP.has(el.tagName) || el.closest('svg title, svg desc, noscript') || hidden(el)) continue;
    const last = text.length - (text.length - text.trimEnd().length);
    const rects = rectsOf(node, first, last).filter((r) => r.right > 0 && r.bottom > 0);  // off-screen skip links
    if (!rects.length) continue;
    const item = {node, el, text, first, last, rects, clip: clippers(el)};
    items.push(item);
    for (const rect of rects) lines.push({rect, item});
  }

  // -- small ------------------------------------------------------------------
  const smallSeen = new Set();
  for (const item of items) {
    if (smallSeen.has(item.el)) continue;
    smallSeen.add(item.el);
    const px = parseFloat(style(item.el).fontSize) * drawnScale(item.el);
    if (px < MIN_PX - 0.01) say('small', item.el, item.text, `${px.toFixed(1)} px`);
  }

  // -- clipped ----------------------------------------------------------------
  const visiblePart = (rect, clip) => {
    let {left, top, right, bottom} = rect;
    for (const c of clip) {
      if (c.x !== 'visible') { left = Math.max(left, c.box.left); right = Math.min(right, c.box.right); }
      if (c.y !== 'visible') { top = Math.max(top, c.box.top); bottom = Math.min(bottom, c.box.bottom); }
    }
    return {left, top, right, bottom};
  };
  for (const item of items) {
    let reported = false;
    for (const rect of item.rects) {
      for (const c of item.clip) {
        if (reported) break;
        const hides = (o) => o === 'hidden' || o === 'clip';
        const outX = rect.left < c.box.left - SLACK || rect.right > c.box.right + SLACK;
        const outY = rect.top < c.box.top - SLACK || rect.bottom > c.box.bottom + SLACK;
        // Cut across the line: part of it in the box, part outside.
        const cutY = outY && rect.bottom > c.box.top + SLACK && rect.top < c.box.bottom - SLACK;
        let why = null;
        if (hides(c.x) && outX) why = 'cut at the side by ' + where(c.el) + ` (overflow-x: ${c.x})`;
        else if (hides(c.y) && outY) why = 'cut at the top or bottom by ' + where(c.el) + ` (overflow-y: ${c.y})`;
        else if (!hides(c.y) && c.y !== 'visible' && cutY) why = 'a line cut in half by the scroll box ' + where(c.el);
        if (why) { say('clipped', item.el, item.text, why); reported = true; }
      }
      if (reported) break;
    }
  }

  // -- overlap ------------------------------------------------------------------
  const shown = lines.map((l) => ({...l, box: visiblePart(l.rect, l.item.clip)}))
    .filter((l) => l.box.right - l.box.left > 1 && l.box.bottom - l.box.top > 1)
    .sort((a, b) => a.box.top - b.box.top);
  const overlapSeen = new Set();
  for (let i = 0; i < shown.length; i++) {
    const a = shown[i].box;
    for (let j = i + 1; j < shown.length && shown[j].box.top < a.bottom; j++) {
      const b = shown[j].box;
      // One text node on one line cannot draw over itself (an ellipsis is
      // reported as a rect of its own).
      if (shown[i].item === shown[j].item && Math.abs(a.top - shown[j].box.top) < 2) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // Line boxes of tight headings touch by a pixel or two: only ink that
      // really meets counts, a third of the shorter line's height.
      const shorter = Math.min(a.bottom - a.top, b.bottom - b.top);
      if (w > 2 && h > Math.max(2, shorter / 3)) {
        const key = [shown[i].item.el, shown[j].item.el].map(where).sort().join(' | ');
        if (overlapSeen.has(key)) continue;
        overlapSeen.add(key);
        say('overlap', shown[i].item.el, shown[i].item.text,
            `drawn over "${shown[j].item.text.trim().slice(0, 40)}" at ${where(shown[j].item.el)}`);
      }
    }
  }

  // -- broken words ---------------------------------------------------------------
  const WORD = /[\p{L}\p{M}\p{N}'’]+/gu;
  // Scripts that break between letters by design.
  const ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  for (const item of items) {
    if (item.rects.length < 2) continue;
    const {node, text} = item;
    for (const m of text.matchAll(WORD)) {
      const word = m[0];
      if (word.length < 2 || ANYWHERE.test(word)) continue;
      const a = m.index, b = m.index + word.length;
      const head = rectsOf(node, a, a + 1)[0];
      const tailAt = /[\uDC00-\uDFFF]/.test(text[b - 1]) ? b - 2 : b - 1;
      const tail = rectsOf(node, tailAt, b).pop();
      if (!head || !tail || tail.top < head.bottom - head.height / 2) continue;
      let s = a, e = b;
      while (s > 0 && /\S/.test(text[s - 1])) s--;
      while (e < text.length && /\S/.test(text[e])) e++;
      const tokenWidth = rectsOf(node, s, e).reduce((sum, r) => sum + r.width, 0);
      const room = boxWidth(item.el);
      if (tokenWidth > room - SLACK) continue;  // a long address has to break somewhere
      say('broken', item.el, word, `"${word}" split over two lines; its token "${text.slice(s, e).slice(0, 40)}" `
          + `is ${Math.round(tokenWidth)} px in a ${Math.round(room)} px box`);
    }
  }

  // -- overflow -------------------------------------------------------------------
  const pageWidth = Math.max(root.scrollWidth, document.body.scrollWidth);
  if (pageWidth > viewWidth + SLACK) {
    // Name the boxes that stick out, outermost first, leaving out those
    // inside a box that scrolls or hides its overflow.
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (wide.length >= 3) break;
      const r = el.getBoundingClientRect();
      if (r.right <= viewWidth + SLACK || r.width === 0 || hidden(el)) continue;
      if (wide.some((w) => w.contains(el))) continue;
      const cut = clippers(el.parentElement || el).some((c) => c.x !== 'visible' && c.el !== root && c.el !== document.body);
      if (!cut) wide.push(el);
    }
    // Text can stick out of a box that fits: name the first such line too.
    const outside = (c) => c.x !== 'visible' && c.el !== root && c.el !== document.body;
    const spill = lines.find((l) => l.rect.right > viewWidth + SLACK && !l.item.clip.some(outside));
    const names = wide.map((w) => `${where(w)} (${Math.round(w.getBoundingClientRect().right)} px)`);
    if (spill) names.push(`text "${spill.item.text.trim().slice(0, 40)}" in ${where(spill.item.el)} (${Math.round(spill.rect.right)} px)`);
    say('overflow', wide[0] || (spill && spill.item.el) || document.body, '',
        `page is ${pageWidth} px wide in a ${viewWidth} px window; too wide: ${names.join(', ')}`);
  }

  // Placeholders are drawn by the browser, outside the page's text: measure
  // them against the room their field gives.
  const canvas = document.createElement('canvas').getContext('2d');
  for (const input of document.querySelectorAll('input[placeholder]')) {
    if (hidden(input) || input.value) continue;
    const s = style(input);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const need = canvas.measureText(input.placeholder).width;
    const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (need > room + SLACK) say('clipped', input, input.placeholder, `placeholder needs ${Math.round(need)} px, has ${Math.round(room)}`);
  }
  return findings;
}
