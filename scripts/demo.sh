#!/usr/bin/env bash
# Lifeline's main job with nothing to set up: `lifeline demo` starts simulated carrier gateways on 127.0.0.1,
# watches them with the real prober and the default health rules, shows every transition with its reason
# live, and ends with a summary. About a minute; arguments are passed on (e.g. --duration 30, --no-live).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec dotnet run --project src/Lifeline.Cli -c Release -- demo "$@"
