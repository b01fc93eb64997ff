{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "piyasa.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name (release-chart, shortened when the release name
already contains the chart name). Kept at 52 characters so component suffixes
such as "-postgresql" stay within the 63-character DNS label limit.
*/}}
{{- define "piyasa.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "piyasa.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. Each template adds its own app.kubernetes.io/component.
*/}}
{{- define "piyasa.labels" -}}
helm.sh/chart: {{ include "piyasa.chart" . }}
{{ include "piyasa.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: piyasa
{{- end }}

{{/*
Selector labels. Always paired with app.kubernetes.io/component so the app's
Service does not select the in-chart postgresql/jaeger pods.
*/}}
{{- define "piyasa.selectorLabels" -}}
app.kubernetes.io/name: {{ include "piyasa.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The app image reference.
*/}}
{{- define "piyasa.image" -}}
{{- printf "%s:%s" .Values.image.repository (toString (.Values.image.tag | default .Chart.AppVersion)) }}
{{- end }}

{{/*
Component names.
*/}}
{{- define "piyasa.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "piyasa.fullname" .) }}
{{- end }}

{{- define "piyasa.jaeger.fullname" -}}
{{- printf "%s-jaeger" (include "piyasa.fullname" .) }}
{{- end }}

{{/*
The in-chart PostgreSQL password: the configured one, else the one already
stored in the release's Secret (so upgrades keep it), else a new random one.
Evaluate it once per render: every call may generate a fresh value.
*/}}
{{- define "piyasa.postgresql.password" -}}
{{- if .Values.postgresql.auth.password }}
{{- .Values.postgresql.auth.password }}
{{- else }}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "piyasa.postgresql.fullname" .) }}
{{- $stored := dig "data" "postgres-password" "" $secret }}
{{- if $stored }}
{{- $stored | b64dec }}
{{- else }}
{{- randAlphaNum 32 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
TOML rendering for the `config` map.

Helm's own toToml prints every YAML integer as a float (8080 -> 8080.0,
helm/helm#12987), which the app's serde config rejects for integer fields, so
the chart renders TOML itself:
  - scalars and lists of a table first, as `key = value`;
  - nested maps as [dotted.table] sections after them;
  - maps inside lists as inline tables ({ a = 1, b = "x" });
  - null values are left out (TOML has no null).
Usage: include "piyasa.toml" (dict "table" .Values.config "prefix" "")
*/}}
{{- define "piyasa.toml" -}}
{{- $table := .table }}
{{- $prefix := .prefix }}
{{- range $key := keys $table | sortAlpha }}
{{- $value := get $table $key }}
{{- if not (or (kindIs "map" $value) (kindIs "invalid" $value)) }}
{{ include "piyasa.toml.key" $key }} = {{ include "piyasa.toml.value" $value }}
{{- end }}
{{- end }}
{{- range $key := keys $table | sortAlpha }}
{{- $value := get $table $key }}
{{- if kindIs "map" $value }}
{{- $path := include "piyasa.toml.key" $key }}
{{- if $prefix }}
{{- $path = printf "%s.%s" $prefix $path }}
{{- end }}

[{{ $path }}]
{{- include "piyasa.toml" (dict "table" $value "prefix" $path) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A TOML key: bare when it can be, else a quoted string.
*/}}
{{- define "piyasa.toml.key" -}}
{{- if regexMatch "^[A-Za-z0-9_-]+$" . }}
{{- . }}
{{- else }}
{{- toJson . }}
{{- end }}
{{- end }}

{{/*
A TOML value. Strings use JSON escaping, which is valid in TOML basic strings;
whole-number floats (how Helm stores YAML integers) are printed as integers.
*/}}
{{- define "piyasa.toml.value" -}}
{{- $v := . }}
{{- if kindIs "string" $v }}
{{- toJson $v }}
{{- else if kindIs "bool" $v }}
{{- $v }}
{{- else if kindIs "float64" $v }}
{{- if eq $v (floor $v) }}{{ int64 $v }}{{ else }}{{ $v }}{{ end }}
{{- else if or (kindIs "int" $v) (kindIs "int64" $v) }}
{{- $v }}
{{- else if kindIs "slice" $v }}
{{- $items := list }}
{{- range $v }}
{{- if not (kindIs "invalid" .) }}
{{- $items = append $items (include "piyasa.toml.value" .) }}
{{- end }}
{{- end }}
{{- printf "[%s]" (join ", " $items) }}
{{- else if kindIs "map" $v }}
{{- $pairs := list }}
{{- range $key := keys $v | sortAlpha }}
{{- $item := get $v $key }}
{{- if not (kindIs "invalid" $item) }}
{{- $pairs = append $pairs (printf "%s = %s" (include "piyasa.toml.key" $key) (include "piyasa.toml.value" $item)) }}
{{- end }}
{{- end }}
{{- if $pairs }}{{ printf "{ %s }" (join ", " $pairs) }}{{ else }}{}{{ end }}
{{- else }}
{{- toJson (toString $v) }}
{{- end }}
{{- end }}

{{/*
"true" in workers mode (a Redis URL given), empty otherwise.
*/}}
{{- define "piyasa.workers" -}}
{{- if and .Values.workers (or .Values.workers.redisUrl .Values.workers.redisUrlSecret) }}true{{- end }}
{{- end }}
