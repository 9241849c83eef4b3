"""python app.py as a user starts it: a port already taken is one line in Chinese naming --port."""

import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_a_busy_port_is_one_line_naming_the_flag(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "app.py", "--port", str(port), "--db", str(tmp_path / "db"), "--no-samples"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and f"端口 {port} 已被占用" in lines[0] and "--port" in lines[0], run.stderr
    assert "Traceback" not in run.stderr and "GRADIO_SERVER_PORT" not in run.stderr
