from unionnews.cli import main

main(prog_name="unionnews")
