// `--format raw`: the docker CLI's key: value layouts (cli/command/formatter: image.go,
// container.go, volume.go, buildcache.go, disk_usage.go of 28.5), an item's lines then a blank line.

export function imageRaw(quiet: boolean, digest: boolean): string {
  if (quiet) return 'image_id: {{.ID}}';
  return `repository: {{ .Repository }}
tag: {{.Tag}}
${digest ? 'digest: {{.Digest}}\n' : ''}image_id: {{.ID}}
created_at: {{.CreatedAt}}
virtual_size: {{.Size}}
`;
}

function containerRaw(size: boolean): string {
  return `container_id: {{.ID}}
image: {{.Image}}
command: {{.Command}}
created_at: {{.CreatedAt}}
state: {{- pad .State 1 0}}
status: {{- pad .Status 1 0}}
names: {{.Names}}
labels: {{- pad .Labels 1 0}}
ports: {{- pad .Ports 1 0}}
${size ? 'size: {{.Size}}\n' : ''}`;
}

const VOLUME_RAW = 'name: {{.Name}}\ndriver: {{.Driver}}\n';

const BUILD_CACHE_RAW = `build_cache_id: {{.ID}}
parent_id: {{.Parent}}
build_cache_type: {{.CacheType}}
description: {{.Description}}
created_at: {{.CreatedAt}}
created_since: {{.CreatedSince}}
last_used_at: {{.LastUsedAt}}
last_used_since: {{.LastUsedSince}}
usage_count: {{.UsageCount}}
in_use: {{.InUse}}
shared: {{.Shared}}
`;

/** `system df --format raw`, one block per type; with -v one per image, container, volume and record. */
export function diskUsageRaw(verbose: boolean): string {
  if (!verbose) return 'type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n';
  return `{{range .Images}}type: Image
${imageRaw(false, true)}
{{end -}}
{{range .Containers}}type: Container
${containerRaw(true)}
{{end -}}
{{range .Volumes}}type: Volume
${VOLUME_RAW}
{{end -}}
{{range .BuildCache}}type: Build Cache
${BUILD_CACHE_RAW}
{{end -}}`;
}
