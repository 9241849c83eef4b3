"""policy-qa in the browser: python app.py [--host 127.0.0.1] [--port 7860] [--db DIR].

On first run an empty store gets the bundled sample reports (with a progress bar), then the app
serves. Models load once here, never per request. Every flag has a POLICYQA_* setting.
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from pathlib import Path

from core.cli import chinese_argparse
from core.settings import get_settings


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse()
    p = argparse.ArgumentParser(prog="python app.py", description="政策报告问答（网页版）")
    p.add_argument("--host", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    p.add_argument("--port", type=int, help="端口（默认 7860）")
    p.add_argument("--db", type=Path, help="知识库目录（默认取 POLICYQA_DB_DIR）")
    p.add_argument("--samples", type=Path, help="知识库为空时导入的示例报告目录（默认 data/reports）")
    p.add_argument("--no-samples", action="store_true", help="知识库为空时也不导入示例报告")
    p.add_argument("--backend", choices=("extractive", "openai"), help="默认回答方式")
    p.add_argument("--mcp", action="store_true", default=None, help="同时提供 MCP 工具（问答、对比、摘要）")
    return p


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port (a second copy of the app, another server)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as the server binds (uvicorn sets SO_REUSEADDR): a port left in TIME_WAIT is free
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    update = {"host": args.host, "port": args.port, "db_dir": args.db, "samples_dir": args.samples}
    update["backend"] = args.backend
    update["mcp"] = args.mcp
    settings = get_settings().model_copy(update={k: v for k, v in update.items() if v is not None})
    busy = (
        f"端口 {settings.port} 已被占用（可能已有一个 policy-qa 在运行）。"
        f"请用 --port 指定其他端口，例如 python app.py --port {settings.port + 1}"
    )
    if port_in_use(settings.host, settings.port):
        print(busy, file=sys.stderr)
        return 2

    from core.errors import UserError
    from store.records import outdated_note
    from webui.blocks import build_app, launch_options
    from webui.mcp_tools import mcp_url
    from webui.service import AppService

    print("正在加载模型和知识库…", flush=True)
    try:
        service = AppService(settings)
        options = launch_options(settings)
    except (UserError, ValueError) as e:
        print(f"无法启动：{e}", file=sys.stderr)
        return 2
    if not args.no_samples:
        first = service.ingest_samples_if_empty(progress=True)
        if first is not None:
            print(f"首次运行，已导入示例报告：{first.summary()}", flush=True)
            for r in first.failed:
                print(f"✗ {r.path}：{r.message}", file=sys.stderr)
    print(f"知识库：{settings.db_dir}，{len(service.documents())} 篇报告。", flush=True)
    if note := outdated_note(service.documents(), settings.chunk_vectors, str(settings.db_dir)):
        print(note, flush=True)
    if settings.mcp:
        url = mcp_url(settings)
        print(f"MCP 服务（问答、对比、摘要、报告列表）：{url}，SSE 客户端用 {url}sse", flush=True)
    app = build_app(service)
    app.queue(default_concurrency_limit=settings.concurrency, max_size=settings.concurrency * 20)
    try:  # quiet: Gradio's own lines are English and suggest share=True, a public link
        app.launch(**options, quiet=True, prevent_thread_lock=True)
    except OSError:  # taken while the models loaded; Gradio's own text names GRADIO_SERVER_PORT
        print(busy, file=sys.stderr)
        return 2
    print(f"已启动：http://{settings.host}:{settings.port}/ （按 Ctrl+C 停止）", flush=True)
    app.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
