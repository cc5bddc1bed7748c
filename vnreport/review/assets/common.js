// Shared by the review pages of `vnreport fix` and `vnreport tables`, inlined before their script.
'use strict';

// A DOM element: attrs 'class' and 'text' set className and textContent, the others are attributes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}
