{{/*
Split brain: the smallest cluster the maps serve (split-brain protection) and how two sides
merge when they meet again. One file, so the chart's other helpers stay as they were.
*/}}

{{/*
The smallest size the release runs at: autoscaling.minReplicas when an HPA scales it (the values
of issue 20, read defensively: they may be absent), else replicaCount.
*/}}
{{- define "hazelcast-sidecar.splitBrain.smallestReleaseSize" -}}
{{- $autoscaling := .Values.autoscaling | default dict -}}
{{- if and $autoscaling.enabled (hasKey $autoscaling "minReplicas") -}}
{{- $autoscaling.minReplicas | int -}}
{{- else -}}
{{- .Values.replicaCount | int -}}
{{- end -}}
{{- end -}}

{{/*
The minimum cluster size: the value given, else a majority of the smallest release size n where
one exists with a Pod to spare (n >= 3); else 1: two Pods cannot keep a majority while one rolls.
*/}}
{{- define "hazelcast-sidecar.splitBrain.minimumClusterSize" -}}
{{- $given := .Values.splitBrain.minimumClusterSize -}}
{{- $smallest := include "hazelcast-sidecar.splitBrain.smallestReleaseSize" . | int -}}
{{- if $given -}}
{{- $given | int -}}
{{- else if ge $smallest 3 -}}
{{- add (div $smallest 2) 1 -}}
{{- else -}}
1
{{- end -}}
{{- end -}}

{{/*
What the chart adds to hazelcast.yaml: the protection (only above 1: a member always counts
itself) referenced from every map, and the merge policy of every map with what it needs.
*/}}
{{- define "hazelcast-sidecar.splitBrain.config" -}}
{{- $minimum := include "hazelcast-sidecar.splitBrain.minimumClusterSize" . | int -}}
{{- $map := dict "merge-policy" (dict "class-name" .Values.splitBrain.mergePolicy) -}}
{{- /* These compare hits or access/update times, which members keep only with per-entry stats (else they refuse to start). */ -}}
{{- if has .Values.splitBrain.mergePolicy (list "LatestUpdateMergePolicy" "LatestAccessMergePolicy" "HigherHitsMergePolicy") -}}
{{- $_ := set $map "per-entry-stats-enabled" true -}}
{{- end -}}
{{- $config := dict -}}
{{- if gt $minimum 1 -}}
{{- $_ := set $map "split-brain-protection-ref" "release-minimum" -}}
{{- $_ := set $config "split-brain-protection" (dict "release-minimum" (dict "enabled" true "minimum-cluster-size" $minimum "protect-on" .Values.splitBrain.protectOn)) -}}
{{- end -}}
{{- $_ := set $config "map" (dict "default" $map) -}}
{{- toYaml $config -}}
{{- end -}}

{{/* Split-brain values that cannot work; called by hazelcast-sidecar.validateValues. */}}
{{- define "hazelcast-sidecar.validateValues.splitBrain" -}}
{{- $minimum := include "hazelcast-sidecar.splitBrain.minimumClusterSize" . | int -}}
{{- $messages := list -}}
{{- if gt $minimum (.Values.replicaCount | int) -}}
{{- $messages = append $messages (printf "splitBrain.minimumClusterSize (%d) is above replicaCount (%d): the cluster would never reach it and every map operation would fail; lower it or add replicas" $minimum (.Values.replicaCount | int)) -}}
{{- end -}}
{{- $autoscaling := .Values.autoscaling | default dict -}}
{{- if and $autoscaling.enabled (hasKey $autoscaling "minReplicas") (gt $minimum ($autoscaling.minReplicas | int)) -}}
{{- $messages = append $messages (printf "splitBrain.minimumClusterSize (%d) is above autoscaling.minReplicas (%d): when the HPA scales down, every map operation would fail; lower it or raise minReplicas" $minimum ($autoscaling.minReplicas | int)) -}}
{{- end -}}
{{- toYaml $messages -}}
{{- end -}}
