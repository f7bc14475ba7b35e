"""What a patient sees: the pages in Debian's Chromium, on a phone and on a desktop screen."""
