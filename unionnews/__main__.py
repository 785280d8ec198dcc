from unionnews.cli import main

main()
