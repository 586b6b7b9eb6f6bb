{{- define "kintoj.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{ else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "kintoj.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kintoj.labels" -}}
{{ include "kintoj.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "kintoj.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The Secret with DATABASE_URL and KINTO_USERID_HMAC_SECRET: the user's, or the chart's when it has values. */}}
{{- define "kintoj.secretName" -}}
{{- if .Values.secrets.existingSecret }}{{ .Values.secrets.existingSecret }}{{ else }}{{ include "kintoj.fullname" . }}{{ end }}
{{- end }}

{{- define "kintoj.hasSecret" -}}
{{- if or .Values.secrets.existingSecret .Values.postgresql.url .Values.secrets.useridHmacSecret }}true{{ end }}
{{- end }}

{{- define "kintoj.postgresql" -}}
{{- if or .Values.postgresql.url .Values.secrets.existingSecret }}true{{ end }}
{{- end }}

{{- define "kintoj.securityContext" -}}
runAsNonRoot: true
runAsUser: 1001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
