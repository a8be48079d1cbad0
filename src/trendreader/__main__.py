from trendreader.cli import main

raise SystemExit(main())
