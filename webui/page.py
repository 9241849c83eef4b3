"""What the page carries besides components: its style sheet, its script (the [n] links, 打开原文)
and Chinese for Gradio's own words (toast titles, the copy button), for every browser language."""

from __future__ import annotations

import json

import gradio as gr

CSS = """
.pq-sources { font-size: 0.95em; }
.pq-title { font-weight: 600; margin-bottom: 6px; cursor: pointer; }
.pq-turn { margin-bottom: 10px; }
.pq-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
             margin: 6px 0 8px 0; background: var(--background-fill-secondary); scroll-margin: 80px; }
.pq-source.pq-flash { animation: pq-flash 2s ease-out; }
@keyframes pq-flash { 0% { box-shadow: 0 0 0 3px var(--color-accent); } 100% { box-shadow: none; } }
.pq-n { font-weight: 700; color: var(--color-accent); }
.pq-where { color: var(--body-text-color-subdued); font-size: 0.9em; }
.pq-quote { margin-top: 4px; line-height: 1.6; }
.pq-source mark, .pq-original mark { background: #ffe58f; color: inherit; padding: 0 2px;
                                     border-radius: 3px; }
.pq-context summary { cursor: pointer; color: var(--color-accent); margin-top: 4px; }
.pq-context p { line-height: 1.7; margin: 6px 0 0 0; }
.pq-open { display: inline-block; margin-top: 4px; color: var(--color-accent); cursor: pointer; }
.pq-hidden { display: none !important; }
/* A refused input is told in the toast; Gradio would also cover every output of the event with an
   "Error" badge, hiding the chat, the lists and the table until each badge is closed. */
[data-testid="status-tracker"]:has(> span.error) { display: none !important; }
#pq-original { position: fixed; top: 4vh; left: 6vw; width: 88vw; height: 90vh; overflow: auto; z-index: 1000;
               background: var(--background-fill-primary); border: 1px solid var(--border-color-primary);
               border-radius: 10px; box-shadow: 0 8px 40px rgba(0, 0, 0, 0.35); padding: 12px 18px; }
#pq-original p { line-height: 1.8; margin: 0 0 0.6em 0; }
#pq-original-bar { position: sticky; top: -12px; z-index: 2; background: var(--background-fill-primary);
                   padding-top: 6px; border-bottom: 1px solid var(--border-color-primary); }
#pq-original img { max-width: 100%; height: auto; border: 1px solid var(--border-color-primary); }
#pq-question textarea { min-height: 44px; }
/* Gradio 6.31 heads a message box with its type in English ("Warning", "Error") and drops the title
   given to gr.Warning/gr.Error: that word is hidden and the Chinese one shown in its place. */
.toast-title { font-size: 0 !important; visibility: hidden; }
.toast-title::before, .toast-title > * { font-size: var(--text-lg); visibility: visible; }
.toast-title > * { margin-left: 4px; }
.toast-title.warning::before, .toast-title.info::before { content: "提示"; }
.toast-title.error::before { content: "错误"; }
.toast-title.success::before { content: "完成"; }
@media (max-width: 640px) {
  #pq-original { left: 2vw; width: 96vw; }
  .pq-actions button { min-width: 0 !important; padding: 4px 8px; }
}
"""

# Runs once when the page loads. Gradio's labels that its i18n does not cover (hard-coded English)
# are put in Chinese as they appear. Clicks are caught before Gradio's own handlers (capture phase):
# a chat link to a card (#pq-src-T-N) scrolls to that card, unfolding its answer's group, and
# flashes it; 打开原文 hands its citation to the hidden box and button of webui/original_view.py.
PAGE_SCRIPT = """() => {
  const chinese = {'Scroll down': '滚动到底部', 'More tabs': '更多标签页', 'Close': '关闭',
                   'Fullscreen': '全屏', 'Exit fullscreen mode': '退出全屏', 'Download': '下载',
                   'Click to upload or drop files': '点击上传或拖放文件', 'Copy table data': '复制表格',
                   'Copied to clipboard': '已复制', 'Clear': '清除'};
  const relabelOne = (el) => {
    for (const attr of ['aria-label', 'title']) {
      const word = el.getAttribute(attr);
      if (word && chinese[word]) el.setAttribute(attr, chinese[word]);
      else if (word && word.startsWith('Remove ')) el.setAttribute(attr, '移除 ' + word.slice(7));
    }
  };
  const relabel = (root) => {
    if (root.nodeType !== 1) return;
    relabelOne(root);
    root.querySelectorAll('[aria-label], [title]').forEach(relabelOne);
  };
  // only what was added is read: a streamed answer adds a node per update, not a page
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(relabel)))
    .observe(document.body, {subtree: true, childList: true});
  relabel(document.body);
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest ? ev.target.closest('a') : null;
    if (!a) return;
    const href = a.getAttribute('href') || '';
    if (href.startsWith('#pq-src-')) {
      ev.preventDefault();
      ev.stopPropagation();
      const card = document.getElementById(href.slice(1));
      if (!card) return;
      const group = card.closest('details');
      if (group) group.open = true;
      card.scrollIntoView({behavior: 'smooth', block: 'center'});
      card.classList.remove('pq-flash');
      void card.offsetWidth;
      card.classList.add('pq-flash');
    } else if (a.classList.contains('pq-open')) {
      ev.preventDefault();
      ev.stopPropagation();
      const box = document.querySelector('#pq-open-target textarea, #pq-open-target input');
      const go = document.querySelector('#pq-open-go');
      if (!box || !go) return;
      box.value = a.dataset.source;
      box.dispatchEvent(new Event('input', {bubbles: true}));
      setTimeout(() => go.click(), 60);
    }
  }, true);
  // Escape closes 打开原文, as it closes any overlay
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    const close = document.querySelector('#pq-original-close');
    if (close && close.getClientRects().length) close.click();
  });
}"""


def dismiss_notices_when(done: str) -> str:
    """The page script, run after an action with its message box as input, that closes the
    warning toasts once the message begins with `done` ("已删除": the delete is done, so "请先勾选
    “确认删除”" is stale). A warning of the action itself (nothing done) stays to be read."""
    return (
        f"(said) => {{ if (String(said || '').startsWith({json.dumps(done)})) "
        "document.querySelectorAll('.toast-close').forEach((b) => b.click()); }"
    )


_CHINESE = {
    "common.error": "错误",
    "common.warning": "提示",
    "common.info": "提示",
    "common.clear": "清除",
    "common.download": "下载",
    "common.loading": "加载中",
    "common.complete": "完成",
    "common.upload": "上传",
    "common.or": "或",
    "common.progress": "进度",
    "errors.use_via_api": "通过 API 使用",
    "errors.use_via_api_or_mcp": "通过 API 或 MCP 使用",
    "chatbot.copy_message": "复制",
    "chatbot.copied_message": "已复制",
    "chatbot.copy_conversation": "复制对话",
    "chatbot.clear": "清空对话",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "upload_text.click_to_upload": "点击上传",
    "upload_text.drop_file": "拖放文件到此处",
}
# Gradio picks the language from the browser; the app's own words are Chinese, so are its.
I18N = gr.I18n(en=_CHINESE, **{"zh-CN": _CHINESE, "zh": _CHINESE, "zh-TW": _CHINESE})
