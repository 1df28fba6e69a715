#!/usr/bin/env bash
# Writes Tern's Outlook add-in manifest for a deployment to standard output:
#   scripts/addin-manifest.sh https://mail.example.org/tern/ > tern-manifest.xml
#   scripts/addin-manifest.sh https://mail.example.org/tern/ --id 0b4d…  (keep an id you already use)
# Without --id, the id is derived from the address, so the same deployment always gets the
# same one and a new manifest updates the add-in rather than adding a second.
set -euo pipefail

usage() {
  echo "usage: scripts/addin-manifest.sh https://host/path/ [--id GUID]" >&2
  exit 2
}

base="${1:-}"
[ -n "$base" ] || usage
shift
id=""
while [ $# -gt 0 ]; do
  case "$1" in
    --id) [ $# -ge 2 ] || usage; id="$2"; shift 2 ;;
    *) usage ;;
  esac
done

case "$base" in */) ;; *) base="$base/" ;; esac
# Outlook loads add-ins over https only (plain http is for this machine's own tests). The
# characters allowed keep the address safe inside the XML and the sed below.
path='(/[A-Za-z0-9._~/-]*)?'
if ! [[ "$base" =~ ^https://[A-Za-z0-9.-]+(:[0-9]+)?$path$ || "$base" =~ ^http://(localhost|127\.0\.0\.1)(:[0-9]+)?$path$ ]]; then
  echo "addin-manifest: \"$base\" is not the https:// address of a deployment of Tern (letters, digits and . _ ~ / - only)" >&2
  exit 1
fi
origin="$(printf '%s' "$base" | sed -E 's#^(https?://[^/]+).*#\1#')"

if [ -z "$id" ]; then
  # A name-based GUID (version 5 layout) from SHA-256 of the address.
  hash="$(printf '%s' "$base" | sha256sum | cut -c1-32)"
  variant="$(printf '%x' $(((16#${hash:16:1} & 3) | 8)))"
  id="${hash:0:8}-${hash:8:4}-5${hash:13:3}-${variant}${hash:17:3}-${hash:20:12}"
fi
if ! [[ "$id" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "addin-manifest: --id \"$id\" is not a GUID" >&2
  exit 1
fi

sed -e "s#{{BASE}}#$base#g" -e "s#{{ORIGIN}}#$origin#g" -e "s#{{ID}}#$id#g" "$(dirname "$0")/../addin/manifest.template.xml"
