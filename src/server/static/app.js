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

// The drafting desk: a progress bar for long drafts. The form posts and renders without this; with it, the same POST
// asks for a stream (NDJSON) of progress lines and then the rendered report, which replaces the page's report.
const draftForm = document.getElementById('draft-form');
if (draftForm && window.fetch && window.TextDecoder && window.FormData) {
  const box = document.getElementById('draft-progress');
  const bar = box.querySelector('progress');
  const label = box.querySelector('.progress-label');
  const errors = document.getElementById('draft-error');
  const target = document.getElementById('draft-report');
  const button = draftForm.querySelector('button[type="submit"]');
  const phases = { reading: '正在读取草案', embedding: '正在分析条款', precedents: '正在查找各地相近条款', coverage: '正在核对措施覆盖' };
  const showError = (message) => {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    errors.replaceChildren(p);
  };
  draftForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    box.hidden = false;
    bar.removeAttribute('value');
    label.textContent = '正在上传草案…';
    button.disabled = true;
    try {
      const response = await fetch(draftForm.action, { method: 'POST', body: new FormData(draftForm), headers: { Accept: 'application/x-ndjson' } });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      let finished = false;
      const handle = (line) => {
        if (!line.trim()) return;
        const message = JSON.parse(line);
        if (message.progress) {
          const { phase, done, total } = message.progress;
          bar.max = total;
          bar.value = done;
          label.textContent = `${phases[phase] || '正在处理'}：${done} / ${total}`;
        } else if (message.html !== undefined) {
          target.innerHTML = message.html;
          if (message.title) document.title = message.title;
          revealPrint(target);
          finished = true;
          target.querySelector('h2')?.scrollIntoView({ block: 'start' });
        } else if (message.error) {
          showError(message.error.message);
          finished = true;
        }
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop();
        lines.forEach(handle);
      }
      handle(buffered);
      if (!finished) showError('连接中断，未收到对照结果。请重试。');
    } catch {
      showError('连接中断，未收到对照结果。请重试。');
    } finally {
      box.hidden = true;
      button.disabled = false;
    }
  });
}

// "Print" buttons (the page prints as the 条款对照表 without them, from the browser's menu).
function revealPrint(root) {
  for (const button of root.querySelectorAll('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
}
revealPrint(document);
