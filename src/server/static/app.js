// Progressive enhancement only: reveals "copy" buttons where the Clipboard API is available.
// Every page works without this file (the citation and permalink are selectable text).
for (const button of document.querySelectorAll('button[data-copy]')) {
  const target = document.querySelector(button.getAttribute('data-copy'));
  if (!target || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(target.textContent.trim());
      button.textContent = '已复制';
    } catch {
      button.textContent = '复制失败，请手动选择';
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}
