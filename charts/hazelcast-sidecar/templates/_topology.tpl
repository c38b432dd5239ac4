{{/*
The topology: sidecar (a member in every app Pod) or client-server (the app alone in a Deployment,
its client connected to every member of the release's own cluster or of an existing one).
*/}}
{{- define "hazelcast-sidecar.clientServer" -}}
{{- if eq .Values.topology "client-server" }}true{{ end -}}
{{- end -}}

{{/* Whether this release runs members: always as sidecars, in client-server unless externalMembers are named. Returns "true" or "". */}}
{{- define "hazelcast-sidecar.runsMembers" -}}
{{- if or (not (include "hazelcast-sidecar.clientServer" .)) (not .Values.clientServer.externalMembers) }}true{{ end -}}
{{- end -}}

{{/*
Selectors of the app's and the members' Pods. In the sidecar topology both are the release's Pods,
with the selector chart 0.1.0 gave the StatefulSet (immutable: upgrades keep it).
*/}}
{{- define "hazelcast-sidecar.appSelectorLabels" -}}
{{ include "hazelcast-sidecar.selectorLabels" . }}
{{- if include "hazelcast-sidecar.clientServer" . }}
app.kubernetes.io/component: app
{{- end }}
{{- end -}}

{{- define "hazelcast-sidecar.memberSelectorLabels" -}}
{{ include "hazelcast-sidecar.selectorLabels" . }}
{{- if include "hazelcast-sidecar.clientServer" . }}
app.kubernetes.io/component: hazelcast
{{- end }}
{{- end -}}

{{/* The StatefulSet of the members: the release's name as a sidecar, <name>-hazelcast in client-server (52 characters at most, see fullname). */}}
{{- define "hazelcast-sidecar.memberStatefulSetName" -}}
{{- if include "hazelcast-sidecar.clientServer" . -}}
{{- printf "%s-hazelcast" (include "hazelcast-sidecar.fullname" . | trunc 42 | trimSuffix "-") -}}
{{- else -}}
{{- include "hazelcast-sidecar.fullname" . -}}
{{- end -}}
{{- end -}}

{{/* The fewest members the release runs once installed (an HPA's minimum when one scales them); 1 with externalMembers, whose size the chart does not know. */}}
{{- define "hazelcast-sidecar.releaseMembers" -}}
{{- if not (include "hazelcast-sidecar.clientServer" .) -}}
{{- include "hazelcast-sidecar.splitBrain.smallestReleaseSize" . -}}
{{- else if .Values.clientServer.externalMembers -}}
1
{{- else if .Values.clientServer.memberAutoscaling.enabled -}}
{{- .Values.clientServer.memberAutoscaling.minReplicas | int -}}
{{- else -}}
{{- .Values.clientServer.memberReplicas | int -}}
{{- end -}}
{{- end -}}

{{/* What the app's client connects to: its own Pod's member, or the cluster's members through their headless Service's DNS name. */}}
{{- define "hazelcast-sidecar.clusterMembers" -}}
{{- if not (include "hazelcast-sidecar.clientServer" .) -}}
127.0.0.1:5701
{{- else if .Values.clientServer.externalMembers -}}
{{- join "," .Values.clientServer.externalMembers -}}
{{- else -}}
{{- printf "%s.%s.svc.%s:5701" (include "hazelcast-sidecar.membersServiceName" .) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}
{{- end -}}

{{/*
A HorizontalPodAutoscaler's spec on one container's CPU (and memory, when a target is given): the
other container of a sidecar Pod must not count. Scale-down removes one Pod per period, after the
stabilization window, so each leaving member's partitions have migrated before the next goes.
Takes a dict: root, kind, name, container, min, max, cpu, memory (optional).
*/}}
{{- define "hazelcast-sidecar.autoscalerSpec" -}}
scaleTargetRef:
  apiVersion: apps/v1
  kind: {{ .kind }}
  name: {{ .name }}
minReplicas: {{ .min | int64 }}
maxReplicas: {{ .max | int64 }}
metrics:
  {{- range $resource, $target := dict "cpu" .cpu "memory" .memory }}
  {{- if $target }}
  - type: ContainerResource
    containerResource:
      name: {{ $resource }}
      container: {{ $.container }}
      target:
        type: Utilization
        averageUtilization: {{ $target | int64 }}
  {{- end }}
  {{- end }}
behavior:
  scaleDown:
    stabilizationWindowSeconds: {{ .root.Values.autoscaling.scaleDownStabilizationWindowSeconds | int64 }}
    selectPolicy: Min
    policies:
      - type: Pods
        value: 1
        periodSeconds: {{ .root.Values.autoscaling.scaleDownPeriodSeconds | int64 }}
{{- end -}}

{{/*
The topology's and the autoscaler's inconsistent values, one message a line (a YAML list): the
collector in _helpers.tpl reports them with the rest.
*/}}
{{- define "hazelcast-sidecar.validateTopologyValues" -}}
{{- $messages := list -}}
{{- $clientServer := include "hazelcast-sidecar.clientServer" . -}}
{{- if and (not $clientServer) .Values.clientServer.externalMembers -}}
{{- $messages = append $messages "clientServer.externalMembers is set but topology is sidecar: each app talks to its own Pod's member; set topology: client-server" -}}
{{- end -}}
{{- if and .Values.clientServer.memberAutoscaling.enabled (or (not $clientServer) .Values.clientServer.externalMembers) -}}
{{- $messages = append $messages "clientServer.memberAutoscaling.enabled is true but this release runs no member StatefulSet of its own (topology sidecar, or externalMembers set): use autoscaling" -}}
{{- end -}}
{{- if and $clientServer (not .Values.clientServer.externalMembers) (le (int .Values.clientServer.memberReplicas) (int .Values.hazelcast.backupCount)) -}}
{{- $messages = append $messages (printf "clientServer.memberReplicas (%v) must exceed hazelcast.backupCount (%v): an entry's backups need members of their own" (int64 .Values.clientServer.memberReplicas) (int64 .Values.hazelcast.backupCount)) -}}
{{- end -}}
{{- range $name, $scaling := dict "autoscaling" .Values.autoscaling "clientServer.memberAutoscaling" .Values.clientServer.memberAutoscaling -}}
{{- if and $scaling.enabled (gt (int $scaling.minReplicas) (int $scaling.maxReplicas)) -}}
{{- $messages = append $messages (printf "%s.minReplicas (%v) is above %s.maxReplicas (%v)" $name (int64 $scaling.minReplicas) $name (int64 $scaling.maxReplicas)) -}}
{{- end -}}
{{- end -}}
{{- $members := ternary .Values.clientServer.memberAutoscaling .Values.autoscaling (not (empty $clientServer)) -}}
{{- $membersName := ternary "clientServer.memberAutoscaling" "autoscaling" (not (empty $clientServer)) -}}
{{- if and $members.enabled (include "hazelcast-sidecar.runsMembers" .) -}}
{{- if le (int $members.minReplicas) (int .Values.hazelcast.backupCount) -}}
{{- $messages = append $messages (printf "%s.minReplicas (%v) must exceed hazelcast.backupCount (%v): scaled in to the minimum, entries would lose their backups" $membersName (int64 $members.minReplicas) (int64 .Values.hazelcast.backupCount)) -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (ne (toString .Values.podDisruptionBudget.maxUnavailable) "1") -}}
{{- $messages = append $messages (printf "podDisruptionBudget.maxUnavailable is %v with %s on: the autoscaler removes members one at a time so their partitions migrate; a drain must not take more" .Values.podDisruptionBudget.maxUnavailable $membersName) -}}
{{- end -}}
{{- end -}}
{{- toYaml $messages -}}
{{- end -}}
