"""Production settings come from environment variables alone, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_reports_nothing_with_production_environment(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE_URL"))},
        "LUOSHI_ENV": "production",
        "SECRET_KEY": "x" * 30 + "-production-secret-key-Q8v!r2#Lm",
        "ALLOWED_HOSTS": "luoshi.example.gov.cn",
        "LUOSHI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "luoshi.config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "luoshi", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
        "LUOSHI_ENV": "production",
        "LUOSHI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "luoshi", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
