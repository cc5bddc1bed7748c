"""Allow ``python -m vnreport``."""

from vnreport.cli import main

if __name__ == "__main__":
    main()
