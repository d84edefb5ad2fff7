#!/usr/bin/env bash
# Does TensorFlow's full wheel give the same bytes as the CPU-only wheel that requirements.txt
# installs on Linux x86-64? Builds a throwaway virtual environment from the lock,
# requirements.txt, with `tensorflow` in place of `tensorflow-cpu` (the same version, with the
# lock's own hashes), runs the notebook in a temporary folder and compares the notebook and its
# figures, byte for byte, with the committed ones.
#
#     bash tools/check_full_tensorflow_wheel.sh      # PYTHON=python3.11 to pick the interpreter
#
# Use the committed run's Python (3.11), whose version the notebook prints. Exits 1 on any
# difference. About 2.7 GB and 90 s for the environment, which is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the lock with the CPU-only wheel's entry (its pin and hash lines) left out, and the full
# wheel's entry, with its own hashes, for every platform: its environment marker dropped
awk '/^tensorflow-cpu==/ { skip = 1 }
     !skip && /^tensorflow==/ { sub(/ ;.*\\$/, " \\") }
     !skip { print }
     skip && !/\\$/ { skip = 0 }' requirements.txt > "$work/requirements.txt"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet -r "$work/requirements.txt"
"$work/venv/bin/python" -c 'import importlib.metadata as m
print("TensorFlow from:", *m.packages_distributions()["tensorflow"], m.version("tensorflow"))'

cp digits_pca_mlp.ipynb "$work/"
(cd "$work" && venv/bin/jupyter nbconvert --to notebook --execute --inplace \
  --ExecutePreprocessor.record_timing=False digits_pca_mlp.ipynb 2> nbconvert.log) \
  || { cat "$work/nbconvert.log" >&2; exit 1; }
if cmp -s digits_pca_mlp.ipynb "$work/digits_pca_mlp.ipynb" && diff -r images "$work/images"; then
  echo "the full tensorflow wheel gives the committed notebook and images/, byte for byte"
else
  echo "the full tensorflow wheel changes the outputs:" >&2
  diff <(python3 -m json.tool digits_pca_mlp.ipynb) \
       <(python3 -m json.tool "$work/digits_pca_mlp.ipynb") | head -40 >&2 || true
  exit 1
fi
