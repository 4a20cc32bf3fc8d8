// Maps a DOM selection in the transcript to offsets in the stored text. The server counts
// code points (Python string indices); the DOM counts UTF-16 units, so each piece's
// prefix is converted. Every piece is a <span data-s="START"> holding one text node.

function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function pieceOf(node) {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  return element?.closest("[data-s]") ?? null;
}

function offsetAt(node, offset, atEnd) {
  let piece = pieceOf(node);
  if (piece && node.nodeType === Node.TEXT_NODE) {
    return Number(piece.dataset.s) + codePoints(node.data.slice(0, offset));
  }
  // The boundary sits between elements (e.g. a whole turn was selected): use the
  // nearest piece at or after it, or the end of the one before.
  const container = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const child = container.childNodes[offset] ?? null;
  piece = child ? (child.matches?.("[data-s]") ? child : child.querySelector?.("[data-s]")) : null;
  if (piece) return Number(piece.dataset.s);
  const pieces = container.querySelectorAll?.("[data-s]");
  const last = pieces && pieces.length ? pieces[pieces.length - 1] : pieceOf(container);
  if (!last) return null;
  return atEnd ? Number(last.dataset.s) + codePoints(last.textContent) : Number(last.dataset.s);
}

export function selectionOffsets(root) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = offsetAt(range.startContainer, range.startOffset, false);
  const end = offsetAt(range.endContainer, range.endOffset, true);
  if (start === null || end === null || end <= start) return null;
  return { start, end, text: selection.toString(), rect: range.getBoundingClientRect() };
}
