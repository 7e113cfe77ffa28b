# Sourced by the benchmarks: the example project copied, and a folder of its documents
# multiplied. Each copy of a document gets its own id and title (`id: faq` becomes
# `id: faq-copy-2`, the title gains "(copy 2)"); files without an `id:` line take theirs from
# the file name.

# copy_example ROOT DEST: the example's configuration, content and controls.
copy_example() {
  mkdir -p "$2"
  cp -r "$1/trustbook.yaml" "$1/content" "$1/controls" "$2/"
}

# multiply DIR N: every document in DIR copied N-1 more times.
multiply() {
  local dir=$1 n=$2
  for f in "$dir"/*.md; do
    local stem; stem=$(basename "$f" .md)
    for i in $(seq 2 "$n"); do
      sed -e "0,/^id: .*/s//id: $stem-copy-$i/" \
          -e "0,/^title: \(.*\)/s//title: \1 (copy $i)/" \
          "$f" > "$dir/$stem-copy-$i.md"
    done
  done
}
