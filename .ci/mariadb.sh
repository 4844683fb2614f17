# A throwaway MariaDB server for the tests that run against MySQL/MariaDB; sourced by .ci/run.
#
#   start_test_mariadb [--no-install]
#                        installs mariadb-server from Debian's packages when it is missing (not with
#                        --no-install, as the test suites call it), starts it as a
#                        plain process (no systemd) on 127.0.0.1 with its own data folder, socket and port
#                        under a temporary folder, creates the database makoto_test and the user makoto,
#                        and exports MAKOTO_TEST_MYSQL (a MySqlConnector connection string) and
#                        MAKOTO_MARIADB_DIR (the folder; the server's pid is in mysqld.pid there).
#   stop_test_mariadb    stops that server and deletes its folder.
#
# When MAKOTO_TEST_MYSQL is already set, the server it names is used and nothing is started. When the server
# cannot be started, MAKOTO_TEST_MYSQL stays unset and the MariaDB tests report as skipped.

start_test_mariadb() {
  if [ -n "${MAKOTO_TEST_MYSQL:-}" ]; then
    echo "MariaDB tests use the server of MAKOTO_TEST_MYSQL."
    return 0
  fi

  PATH="$PATH:/usr/sbin:/usr/local/sbin"
  if [ "${1:-}" != "--no-install" ] && { ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; }; then
    echo "mariadbd not found; installing mariadb-server from Debian's packages."
    local sudo=
    if command -v sudo >/dev/null 2>&1 && [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mariadb-server >/dev/null
  fi
  if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; then
    echo "mariadb-server is not installed (apt-get install mariadb-server); the MariaDB tests will be skipped."
    return 0
  fi

  MAKOTO_MARIADB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/makoto-mariadb.XXXXXX")
  local dir=$MAKOTO_MARIADB_DIR user port
  user=$(id -un)
  port=$((33306 + RANDOM % 1000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

  if ! mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db >"$dir/install.log" 2>&1; then
    echo "mariadb-install-db failed (see $dir/install.log); the MariaDB tests will be skipped."
    return 0
  fi

  mariadbd --no-defaults --user="$user" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
    --innodb-buffer-pool-size=256M --max-connections=500 >/dev/null 2>&1 &
  MAKOTO_MARIADB_PID=$!

  local i
  for i in $(seq 1 60); do
    if mariadb-admin --no-defaults --socket="$dir/mysqld.sock" --user="$user" ping >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  if ! mariadb --no-defaults --socket="$dir/mysqld.sock" --user="$user" -e "
      CREATE DATABASE IF NOT EXISTS makoto_test;
      CREATE USER IF NOT EXISTS 'makoto'@'127.0.0.1' IDENTIFIED BY 'makoto';
      GRANT ALL PRIVILEGES ON *.* TO 'makoto'@'127.0.0.1';" 2>>"$dir/error.log"; then
    echo "MariaDB did not start (see $dir/error.log); the MariaDB tests will be skipped."
    stop_test_mariadb
    return 0
  fi

  export MAKOTO_TEST_MYSQL="Server=127.0.0.1;Port=$port;User ID=makoto;Password=makoto;Database=makoto_test"
  echo "MariaDB $(mariadbd --version | awk '{print $3}') started on 127.0.0.1:$port for the tests."
}

stop_test_mariadb() {
  if [ -n "${MAKOTO_MARIADB_PID:-}" ]; then
    kill "$MAKOTO_MARIADB_PID" 2>/dev/null
    wait "$MAKOTO_MARIADB_PID" 2>/dev/null
    MAKOTO_MARIADB_PID=
  fi
  if [ -n "${MAKOTO_MARIADB_DIR:-}" ]; then
    rm -rf "$MAKOTO_MARIADB_DIR"
    MAKOTO_MARIADB_DIR=
  fi
}
