{{/* The member container; the StatefulSet puts it among initContainers (native sidecar) or containers. */}}
{{- define "hazelcast-sidecar.memberContainer" -}}
- name: hazelcast
  image: {{ printf "%s:%s" .Values.hazelcast.image.repository .Values.hazelcast.image.tag | quote }}
  imagePullPolicy: {{ .Values.hazelcast.image.pullPolicy }}
  {{- if include "hazelcast-sidecar.nativeSidecar" . }}
  # Native sidecar: started (and startup-probed) before the app, stopped after it.
  restartPolicy: Always
  {{- end }}
  ports:
    - name: hazelcast
      containerPort: 5701
      protocol: TCP
    {{- if .Values.metrics.enabled }}
    - name: member-metrics
      containerPort: {{ .Values.metrics.memberPort | int64 }}
      protocol: TCP
    {{- end }}
  env:
    {{- include "hazelcast-sidecar.env" (dict "chart" (include "hazelcast-sidecar.memberChartEnv" . | fromYamlArray) "user" .Values.hazelcast.env) | nindent 4 }}
  startupProbe:
    httpGet:
      path: /hazelcast/health/node-state
      port: hazelcast
    {{- toYaml .Values.hazelcast.startupProbe | nindent 4 }}
  livenessProbe:
    httpGet:
      path: /hazelcast/health/node-state
      port: hazelcast
    {{- toYaml .Values.hazelcast.livenessProbe | nindent 4 }}
  readinessProbe:
    httpGet:
      path: /hazelcast/health/ready
      port: hazelcast
    {{- toYaml .Values.hazelcast.readinessProbe | nindent 4 }}
  resources:
    {{- toYaml .Values.hazelcast.resources | nindent 4 }}
  securityContext:
    {{- toYaml .Values.hazelcast.securityContext | nindent 4 }}
  volumeMounts:
    - name: hazelcast-config
      mountPath: /data/hazelcast
      readOnly: true
    - name: hazelcast-tmp
      mountPath: /tmp
    {{- if eq .Values.hazelcast.discovery "kubernetes" }}
    - name: kube-api-access
      mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      readOnly: true
    {{- end }}
{{- end -}}

{{- define "hazelcast-sidecar.appContainer" -}}
- name: app
  image: {{ include "hazelcast-sidecar.appImage" . | quote }}
  imagePullPolicy: {{ .Values.app.image.pullPolicy }}
  ports:
    - name: http
      containerPort: {{ .Values.app.port | int64 }}
      protocol: TCP
  env:
    {{- include "hazelcast-sidecar.env" (dict "chart" (include "hazelcast-sidecar.appChartEnv" . | fromYamlArray) "user" .Values.app.env) | nindent 4 }}
  livenessProbe:
    httpGet:
      path: /health/live
      port: http
    {{- toYaml .Values.app.livenessProbe | nindent 4 }}
  readinessProbe:
    httpGet:
      path: /health/ready
      port: http
    {{- toYaml .Values.app.readinessProbe | nindent 4 }}
  resources:
    {{- toYaml .Values.app.resources | nindent 4 }}
  securityContext:
    {{- toYaml .Values.app.securityContext | nindent 4 }}
  volumeMounts:
    - name: app-tmp
      mountPath: /tmp
{{- end -}}


{{/* The variables the chart gives the member; hazelcast.env may replace any. */}}
{{- define "hazelcast-sidecar.memberChartEnv" -}}
{{- if .Values.metrics.enabled }}
# The image starts its bundled Prometheus JMX exporter on this port.
- name: PROMETHEUS_PORT
  value: {{ .Values.metrics.memberPort | int64 | quote }}
{{- end }}
- name: JAVA_OPTS
  value: {{ printf "-Dhazelcast.config=/data/hazelcast/hazelcast.yaml -Dhazelcast.shutdownhook.policy=GRACEFUL -Dhazelcast.graceful.shutdown.max.wait=%v -Dhazelcast.phone.home.enabled=%v -XX:+ExitOnOutOfMemoryError %s" (int64 .Values.hazelcast.gracefulShutdownSeconds) .Values.hazelcast.phoneHome .Values.hazelcast.javaOpts | trim | quote }}
{{- end -}}

{{/* The variables the chart gives the app; app.env may replace any. */}}
{{- define "hazelcast-sidecar.appChartEnv" -}}
- name: PORT
  value: {{ .Values.app.port | int64 | quote }}
# The Pod's own member: containers of a Pod share its network namespace.
- name: HAZELCAST_CLUSTER_MEMBERS
  value: "127.0.0.1:5701"
- name: HAZELCAST_CLUSTER_NAME
  value: {{ .Values.hazelcast.clusterName | quote }}
- name: HAZELCAST_INVOCATION_TIMEOUT_MS
  value: {{ .Values.app.invocationTimeoutMs | int64 | quote }}
- name: READINESS_TIMEOUT_MS
  value: {{ .Values.app.readinessTimeoutMs | int64 | quote }}
- name: SHUTDOWN_DELAY_MS
  value: {{ mul .Values.app.shutdownDelaySeconds 1000 | int64 | quote }}
- name: MAX_KEY_LENGTH
  value: {{ .Values.app.maxKeyLength | int64 | quote }}
- name: MAX_VALUE_BYTES
  value: {{ .Values.app.maxValueBytes | int64 | quote }}
- name: LOG_LEVEL
  value: {{ .Values.app.logLevel | quote }}
- name: REQUEST_LOG
  value: {{ .Values.app.requestLog | quote }}
{{- with .Values.app.nodeOptions }}
- name: NODE_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end -}}
