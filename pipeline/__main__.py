"""`python -m pipeline` does what the `newsclean` command does."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="newsclean")
