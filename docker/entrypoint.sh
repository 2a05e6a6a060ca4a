#!/bin/sh
# Starts the notebook server of the sgdminima image, with token auth on.
set -eu
dir=/home/reader/notebooks

# An unwritable notebooks volume would lose every edit: refuse to start.
if ! probe=$(mktemp "$dir/.write-test.XXXXXX" 2>/dev/null); then
	echo "sgdminima: $dir is not writable by uid $(id -u) — edits could not be saved." >&2
	echo "sgdminima: make the mounted folder writable for uid $(id -u) (e.g. chown $(id -u) <folder> on the host)." >&2
	exit 1
fi
rm -f "$probe"

# The project's server configuration (editor settings, CSS), writable.
mkdir -p "$JUPYTER_CONFIG_DIR"
cp -R /etc/sgdminima/jupyter/. "$JUPYTER_CONFIG_DIR/"

if [ -z "${JUPYTER_TOKEN:-}" ]; then
	JUPYTER_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
	echo "sgdminima: no JUPYTER_TOKEN given; generated one for this container."
fi
export JUPYTER_TOKEN
echo "sgdminima: open http://127.0.0.1:${SGDMINIMA_HOST_PORT:-8888}/?token=$JUPYTER_TOKEN"
echo "sgdminima: the notebooks as a book, no token needed: http://127.0.0.1:${SGDMINIMA_HOST_PORT:-8888}/book/"

exec jupyter notebook --no-browser --ip=0.0.0.0 --port=8888 --notebook-dir="$dir" \
	--NotebookApp.token="$JUPYTER_TOKEN" --NotebookApp.nbserver_extensions=sgdminima_book=True "$@"
