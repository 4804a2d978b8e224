"""``python -m luoshi.planparse FILE --format json|md|xlsx|docx [-o OUT]``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
