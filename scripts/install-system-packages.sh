#!/usr/bin/env bash
# Installs the Debian packages Jauge's tests need (Chromium for browser tests, poppler for PDF
# checks, DejaVu fonts for the PDF fiche, PostgreSQL for storage tests, HAProxy for the deployment tests)
# when they are missing.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || needed+=(haproxy)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
echo "Installation des paquets Debian manquants : ${needed[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}"
