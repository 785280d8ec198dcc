# Sourced by the scripts in scripts/deps/: install Debian packages, as root or through sudo.
# apt_install WHY PACKAGE… prints one line on stderr saying what it installs and for what, then installs.
apt_install() {
    local why=$1
    shift
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "scripts/deps: installing Debian's $* ($why)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}
