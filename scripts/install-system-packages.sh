#!/usr/bin/env bash
# Installs the Debian packages Jauge's tests need, only those missing: Chromium (browser tests), poppler
# (pdftotext, PDF checks), DejaVu fonts (the PDF fiche), PostgreSQL (storage tests), HAProxy (deployment
# tests). When everything is
# there it installs nothing and says nothing. When a package is missing and cannot be installed (not root
# and no password-less sudo, no apt-get, offline), it says which and how, and exits with status 1.
set -uo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || needed+=(haproxy)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || needed+=(postgresql)
[ ${#needed[@]} -eq 0 ] && exit 0

fail() {
  echo "Paquets Debian manquants pour les tests : ${needed[*]}" >&2
  echo "Installation impossible : $1" >&2
  echo "Installez-les puis relancez : apt-get install ${needed[*]}" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get introuvable (ce n'est pas une Debian ?)"
as_root=()
if [ "$EUID" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    fail "il faut être root (ou avoir sudo sans mot de passe)"
  fi
fi

echo "Installation des paquets Debian manquants : ${needed[*]}"
out=$("${as_root[@]}" apt-get update -qq 2>&1) || fail "apt-get update a échoué (hors ligne ?) : ${out##*$'\n'}"
out=$(DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${needed[@]}" 2>&1) \
  || fail "apt-get install a échoué : ${out##*$'\n'}"
