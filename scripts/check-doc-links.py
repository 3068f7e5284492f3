#!/usr/bin/env python3
"""Checks the links of README.md and docs/**/*.md: every relative link must name a file or folder of the
repository, and every #anchor a heading of the page it points to (GitHub's anchor rules). Prints one
line per broken link and exits 1 if there is any. Usage: python3 scripts/check-doc-links.py [ROOT]"""
import glob
import os
import re
import sys

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..'))
pages = [os.path.join(root, 'README.md')] + sorted(glob.glob(os.path.join(root, 'docs', '**', '*.md'), recursive=True))
link = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)\)')


def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'):
            fence = not fence
        if fence or not line.startswith('#'):
            continue
        text = line.lstrip('#').strip().lower()
        text = re.sub(r'[^\w\- ]', '', text)  # GitHub keeps letters, digits, '-', '_' and spaces
        out.add(text.replace(' ', '-'))
    return out


bad = 0
for page in pages:
    text = re.sub(r'```.*?```', '', open(page, encoding='utf-8').read(), flags=re.S)
    for target in link.findall(text):
        if re.match(r'[a-z]+:', target):
            continue  # http:, https:, mailto:
        path, _, anchor = target.partition('#')
        dest = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        rel = os.path.relpath(page, root)
        if not dest.startswith(root + os.sep) and dest != root:
            print(f'{rel}: {target}: outside the repository'); bad += 1
        elif not os.path.exists(dest):
            print(f'{rel}: {target}: no such file'); bad += 1
        elif anchor and dest.endswith('.md') and anchor not in anchors(dest):
            print(f'{rel}: {target}: no such heading'); bad += 1
sys.exit(1 if bad else 0)
