{{/*
Names: every object is named from these, so no template spells a name by hand. The full name is
also the StatefulSet's, and stays within 52 characters: the controller labels each Pod
controller-revision-hash=<name>-<hash>, which must fit in 63 (kubernetes/kubernetes#64023).
*/}}
{{- define "hazelcast-sidecar.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hazelcast-sidecar.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "hazelcast-sidecar.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The headless Service through which members find each other (trimmed to leave room for the suffix). */}}
{{- define "hazelcast-sidecar.membersServiceName" -}}
{{- printf "%s-members" (include "hazelcast-sidecar.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/* The headless Service a ServiceMonitor scrapes both containers through. */}}
{{- define "hazelcast-sidecar.metricsServiceName" -}}
{{- printf "%s-metrics" (include "hazelcast-sidecar.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{- define "hazelcast-sidecar.configMapName" -}}
{{- default (printf "%s-hazelcast" (include "hazelcast-sidecar.fullname" . | trunc 53 | trimSuffix "-")) .Values.hazelcast.existingConfigMap -}}
{{- end -}}

{{- define "hazelcast-sidecar.testPodName" -}}
{{- printf "%s-test-put-get" (include "hazelcast-sidecar.fullname" . | trunc 50 | trimSuffix "-") -}}
{{- end -}}

{{- define "hazelcast-sidecar.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hazelcast-sidecar.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The affinity of the Pods that `selector` (labels, as YAML) selects: the user's, else the preset's anti-affinity over nodes. */}}
{{- define "hazelcast-sidecar.affinityFor" -}}
{{- if .Values.affinity -}}
{{- toYaml .Values.affinity -}}
{{- else if ne .Values.podAntiAffinityPreset "none" -}}
{{- $term := dict "labelSelector" (dict "matchLabels" (.selector | fromYaml)) "topologyKey" "kubernetes.io/hostname" -}}
{{- if eq .Values.podAntiAffinityPreset "hard" -}}
{{- toYaml (dict "podAntiAffinity" (dict "requiredDuringSchedulingIgnoredDuringExecution" (list $term))) -}}
{{- else -}}
{{- toYaml (dict "podAntiAffinity" (dict "preferredDuringSchedulingIgnoredDuringExecution" (list (dict "weight" 100 "podAffinityTerm" $term)))) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels */}}
{{- define "hazelcast-sidecar.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hazelcast-sidecar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "hazelcast-sidecar.labels" -}}
helm.sh/chart: {{ include "hazelcast-sidecar.chart" . }}
{{ include "hazelcast-sidecar.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hazelcast-sidecar
{{- end -}}

{{- define "hazelcast-sidecar.appImage" -}}
{{- printf "%s:%s" .Values.app.image.repository (default .Chart.AppVersion .Values.app.image.tag) -}}
{{- end -}}

{{/*
Whether the member runs as a native sidecar: an init container with restartPolicy Always, started
before the app and stopped after it (on by default from Kubernetes 1.29). Returns "true" or "".
*/}}
{{- define "hazelcast-sidecar.nativeSidecar" -}}
{{- $mode := toString .Values.hazelcast.nativeSidecar -}}
{{- if include "hazelcast-sidecar.clientServer" . -}}
{{- else if eq $mode "true" -}}true
{{- else if and (eq $mode "auto") (semverCompare ">=1.29-0" .Capabilities.KubeVersion.Version) -}}true
{{- end -}}
{{- end -}}

{{/*
How long a write waits for a backup's ack lost while a partition migrates (Hazelcast: 5 s, past the
app's deadline: the write applied, yet answered 503). Members look once a second: a quarter of it.
*/}}
{{- define "hazelcast-sidecar.backupTimeoutMillis" -}}
{{- min 5000 (div .Values.app.invocationTimeoutMs 4) -}}
{{- end -}}

{{/* The member's hazelcast.yaml: the chart's settings, then the user's hazelcast.config merged over them. */}}
{{- define "hazelcast-sidecar.hazelcastConfig" -}}
{{- $join := dict "multicast" (dict "enabled" false) -}}
{{- if eq .Values.hazelcast.discovery "dns" -}}
{{- $_ := set $join "kubernetes" (dict "enabled" true "service-dns" (printf "%s.%s.svc.%s" (include "hazelcast-sidecar.membersServiceName" .) .Release.Namespace .Values.clusterDomain)) -}}
{{- else -}}
{{- /* resolve-not-ready-addresses: a Pod is ready only once its app is, but its member must be found before. */ -}}
{{- /* expose-externally false: members talk Pod to Pod, so discovery looks up no Endpoints, nodes or public addresses. */ -}}
{{- $_ := set $join "kubernetes" (dict "enabled" true "namespace" .Release.Namespace "service-name" (include "hazelcast-sidecar.membersServiceName" .) "resolve-not-ready-addresses" true "expose-externally" false) -}}
{{- end -}}
{{- $chart := dict
  "cluster-name" .Values.hazelcast.clusterName
  "network" (dict
    "port" (dict "port" 5701 "auto-increment" false)
    "join" $join
    "rest-api" (dict "enabled" true "endpoint-groups" (dict "HEALTH_CHECK" (dict "enabled" true))))
  "map" (dict "default" (dict "backup-count" .Values.hazelcast.backupCount))
  "properties" (dict
    "hazelcast.phone.home.enabled" .Values.hazelcast.phoneHome
    "hazelcast.shutdownhook.policy" "GRACEFUL"
    "hazelcast.graceful.shutdown.max.wait" .Values.hazelcast.gracefulShutdownSeconds
    "hazelcast.operation.backup.timeout.millis" (include "hazelcast-sidecar.backupTimeoutMillis" . | int64))
-}}
{{- $chart = mergeOverwrite $chart (include "hazelcast-sidecar.splitBrain.config" . | fromYaml) -}}
{{- toYaml (dict "hazelcast" (mergeOverwrite $chart (deepCopy .Values.hazelcast.config))) -}}
{{- end -}}

{{/*
A container's env: the chart's variables (a list of name/value maps), then the user's; a user's
variable named like one of the chart's replaces it (Kubernetes would keep the last, silently).
*/}}
{{- define "hazelcast-sidecar.env" -}}
{{- $userNames := list -}}
{{- range .user }}{{ $userNames = append $userNames .name }}{{ end -}}
{{- $env := list -}}
{{- range .chart }}{{ if not (has .name $userNames) }}{{ $env = append $env . }}{{ end }}{{ end -}}
{{- toYaml (concat $env .user) -}}
{{- end -}}

{{/*
Combinations of values that cannot work, all reported at once (as Bitnami's charts do).
*/}}
{{- define "hazelcast-sidecar.validateValues" -}}
{{- $messages := list -}}
{{- $needed := add .Values.app.shutdownDelaySeconds .Values.hazelcast.gracefulShutdownSeconds -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $needed) -}}
{{- $messages = append $messages (printf "terminationGracePeriodSeconds (%v) must exceed app.shutdownDelaySeconds + hazelcast.gracefulShutdownSeconds (%v): the member would be killed while it hands its data over" (int64 .Values.terminationGracePeriodSeconds) (int64 $needed)) -}}
{{- end -}}
{{- if and .Values.service.nodePort (ne .Values.service.type "NodePort") (ne .Values.service.type "LoadBalancer") -}}
{{- $messages = append $messages (printf "service.nodePort is set but service.type is %s: a node port needs NodePort or LoadBalancer" .Values.service.type) -}}
{{- end -}}
{{- if eq (int .Values.app.port) 5701 -}}
{{- $messages = append $messages "app.port is 5701, the member's port in the same Pod: pick another (5000 by default)" -}}
{{- end -}}
{{- if and .Values.hazelcast.existingConfigMap .Values.hazelcast.config -}}
{{- $messages = append $messages "hazelcast.config and hazelcast.existingConfigMap are both set: put the settings into the existing ConfigMap, or drop it" -}}
{{- end -}}
{{- if and (eq .Values.hazelcast.discovery "kubernetes") (not .Values.rbac.create) (not .Values.serviceAccount.name) -}}
{{- $messages = append $messages "hazelcast.discovery is kubernetes but rbac.create is false and no serviceAccount.name is given: the members could not read the API; use discovery dns or grant the RBAC" -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.enabled) -}}
{{- $messages = append $messages "metrics.serviceMonitor.enabled is true but metrics.enabled is false: the member would have no exporter to scrape" -}}
{{- end -}}
{{- if eq (int .Values.metrics.memberPort) (int .Values.app.port) -}}
{{- $messages = append $messages (printf "metrics.memberPort (%v) is the app's port in the same Pod: pick another (8080 by default)" (int64 .Values.metrics.memberPort)) -}}
{{- end -}}
{{- if and (eq (toString .Values.hazelcast.nativeSidecar) "true") (semverCompare "<1.29-0" .Capabilities.KubeVersion.Version) -}}
{{- $messages = append $messages (printf "hazelcast.nativeSidecar is true but the cluster is %s: before 1.29 the API server drops the init container's restartPolicy and the Pod never leaves Init; use auto or false" .Capabilities.KubeVersion.Version) -}}
{{- end -}}
{{- $config := .Values.hazelcast.config -}}
{{- if hasKey $config "cluster-name" -}}
{{- $messages = append $messages "hazelcast.config.cluster-name is set: use hazelcast.clusterName, which the app's client follows" -}}
{{- end -}}
{{- $network := get $config "network" | default dict -}}
{{- if hasKey $network "port" -}}
{{- $messages = append $messages "hazelcast.config.network.port is set: the app, the probes and the Services use the member port 5701" -}}
{{- end -}}
{{- $rest := get $network "rest-api" | default dict -}}
{{- $health := get (get $rest "endpoint-groups" | default dict) "HEALTH_CHECK" | default dict -}}
{{- if or (and (hasKey $rest "enabled") (not $rest.enabled)) (and (hasKey $health "enabled") (not $health.enabled)) -}}
{{- $messages = append $messages "hazelcast.config.network.rest-api turns the REST API or its HEALTH_CHECK group off: the member's probes need /hazelcast/health" -}}
{{- end -}}
{{- $messages = concat $messages (include "hazelcast-sidecar.validateValues.splitBrain" . | fromYamlArray) -}}
{{- $messages = concat $messages (include "hazelcast-sidecar.validateTopologyValues" . | fromYamlArray) -}}
{{- if $messages -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s" (join "\n  - " $messages)) -}}
{{- end -}}
{{- end -}}
