"""policyqa web app: `python app.py [--host H] [--port P] [--corpus DIR] [--index DIR] [--model M]`.

Builds the index first when it is missing, then serves the chat on http://127.0.0.1:7860.
"""
import sys

from policyqa.ui.serve import main

if __name__ == "__main__":
    sys.exit(main())
