#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The S3 rows: FtpLite serving a bucket (Start-FtpLiteServer -S3Bucket) side by side with `rclone serve ftp` over
    the same bucket, and the AWS SDK straight to the store as the ceiling, on a throwaway Ceph RADOS Gateway.
.DESCRIPTION
    Starts tests/peers/ceph-s3.sh (memstore) on loopback, fills the bucket once through the SDK (a 1 GiB file,
    1,000 files of 4 KiB, a folder of 10,000 objects), starts both FTP servers on the whole bucket, then measures
    each row -Runs times, the three programs taking turns:
      1 GiB up    curl -T (--ftp-create-dirs) to each server; the SDK's TransferUtility (parallel parts) as the ceiling
      1 GiB down  curl -o /dev/null from each server; one SDK GetObject read to the end
      1,000 x 4 KiB up / down   lftp mirror -R / mirror (one connection); the SDK one PUT / GET at a time
      10,000-object listing     curl LIST of the folder; the SDK's ListObjectsV2 pages with a delimiter
    Every figure is a wall-clock time in seconds, medians in the report; the ratios are rclone/FtpLite and
    SDK/FtpLite of the median times (above 1: FtpLite is faster). Beside them, for each row, the requests the
    gateway served (its rgw.req counter, read from its admin socket) and the server process's CPU time: measures
    that a busy machine does not skew. An rclone without `serve ftp` (Debian's 1.60) gets a stand-in column
    instead, labelled so: `rclone serve sftp` over the same bucket, with curl and lftp over SFTP. Uploaded objects are deleted and Ceph's garbage
    collection run between runs, so memstore never fills. Needs Linux, root and the peers (tests/peers/install.sh).
    The full sizes need about 2.5 GiB of the gateway's 4 GiB memstore at the peak (the source file, one server's
    upload and the SDK's, each deleted and collected before the next) and take about 15 minutes a run on 2 busy
    cores. -BigMiB, -SmallCount and -ListCount set other sizes, e.g. to check the harness end to end in a minute.
.EXAMPLE
    dotnet pwsh ./bench/S3Bench.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1 -Runs 3
    The issue's rows at full size: 1 GiB up and down, 1,000 x 4 KiB up and down, a 10,000-object listing.
.EXAMPLE
    dotnet pwsh ./bench/S3Bench.ps1 -Runs 1 -BigMiB 16 -SmallCount 5 -ListCount 1001 -OutFile /tmp/s3-smoke.md
    Every row and column, the listing across a page boundary, at sizes that take a minute.
.EXAMPLE
    dotnet pwsh ./bench/S3Bench.ps1 -BaselineModulePath /tmp/before/out/FtpLite/FtpLite.psd1 -Only small-up,small-down,list -FtpLiteOnly -Runs 5
    Two builds side by side on one gateway and one data set ("before" and FtpLite, taking turns, the first of
    each run alternating), only the small-file and listing rows, without the rclone and SDK columns.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/FtpLite/FtpLite.psd1'),
    [int] $Runs = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot "results/$(Get-Date -Format yyyy-MM-dd)-s3.md"),
    [switch] $Quick,
    # Sizes of their own instead of the full ones (or -Quick's 64 MiB, 100 files, 1,000 objects).
    [ValidateRange(1, 4096)] [int] $BigMiB,
    [ValidateRange(1, 100000)] [int] $SmallCount,
    [ValidateRange(1, 1000000)] [int] $ListCount,
    # Another build's module, measured as a column "before" beside FtpLite's on the same gateway and data.
    [string] $BaselineModulePath,
    # Only these rows (all by default): big-up, big-down, small-up, small-down, list, also as one comma-separated
    # argument (pwsh -File passes a list so). Without big-up and big-down no big file is made.
    [string[]] $Only = @('big-up', 'big-down', 'small-up', 'small-down', 'list'),
    # Only FtpLite's column(s): no rclone (or stand-in) server, no SDK rows.
    [switch] $FtpLiteOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'lib/Processes.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$ModulePath = (Resolve-Path $ModulePath).ProviderPath
$Only = @($Only | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($name in $Only) {
    if ($name -notin 'big-up', 'big-down', 'small-up', 'small-down', 'list') { throw "-Only: '$name' is not a row (big-up, big-down, small-up, small-down, list)." }
}
if ($BaselineModulePath) { $BaselineModulePath = (Resolve-Path $BaselineModulePath).ProviderPath }
$bigRows = $Only -contains 'big-up' -or $Only -contains 'big-down'
$moduleDir = Split-Path $ModulePath
$work = Join-Path $PSScriptRoot "work/s3-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$bigBytes = if ($BigMiB) { $BigMiB * 1MB } elseif ($Quick) { 64MB } else { 1GB }
$smallCount = if ($SmallCount) { $SmallCount } elseif ($Quick) { 100 } else { 1000 }
$listCount = if ($ListCount) { $ListCount } elseif ($Quick) { 1000 } else { 10000 }
$bucket = 'bench'
$accessKey = 'benchaccess'
$secretKey = 'benchsecret' + [guid]::NewGuid().ToString('n').Substring(0, 8)
New-Item -ItemType Directory -Force $work | Out-Null

$env:CEPH_S3_DIR = Join-Path $work 'ceph'
$env:CEPH_S3_PORT = Get-FreePort
$env:CEPH_S3_MON_PORT = Get-FreePort
$env:CEPH_S3_ACCESS_KEY = $accessKey
$env:CEPH_S3_SECRET_KEY = $secretKey
$env:CEPH_S3_BUCKET = $bucket
$endpoint = "http://127.0.0.1:$($env:CEPH_S3_PORT)"
$ceph = Join-Path $repo 'tests/peers/ceph-s3.sh'

function Measure-Seconds([scriptblock] $Action) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    & $Action | Out-Null
    $clock.Elapsed.TotalSeconds
}

function Invoke-Checked([string] $FilePath, [string[]] $ArgumentList) {
    $run = Invoke-Tool -FilePath $FilePath -ArgumentList $ArgumentList -TimeoutSec 900
    if ($run.ExitCode -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed ($($run.ExitCode)): $($run.Stderr)" }
    $run.Seconds
}

function Get-GatewayRequests {
    # The gateway's own count of requests (perf counter rgw.req), from its admin socket: exact and synchronous,
    # unlike its log, which is written behind. Protocol: the command as JSON and a NUL; the answer's length
    # (4 bytes, big-endian), then the answer.
    $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
    try {
        $socket.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new((Join-Path $env:CEPH_S3_DIR 'run/client.rgw.x.asok')))
        $null = $socket.Send([System.Text.Encoding]::ASCII.GetBytes('{"prefix": "perf dump", "logger": "rgw"}' + [char]0))
        $stream = [System.Net.Sockets.NetworkStream]::new($socket)
        $head = [byte[]]::new(4); $stream.ReadExactly($head, 0, 4)
        $body = [byte[]]::new([System.Buffers.Binary.BinaryPrimitives]::ReadInt32BigEndian($head)); $stream.ReadExactly($body, 0, $body.Length)
        [long](([System.Text.Encoding]::UTF8.GetString($body) | ConvertFrom-Json).rgw.req)
    }
    finally { $socket.Dispose() }
}

function Get-TreeCpuSeconds([int] $Id) {
    # user + system time of a process and its children (/proc/<id>/stat fields 14 and 15, in clock ticks of 1/100 s).
    $ticks = 0L
    foreach ($one in Get-ProcessTreeIds $Id) {
        try { $stat = [System.IO.File]::ReadAllText("/proc/$one/stat") } catch { continue }
        $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
        $ticks += [long]$fields[11] + [long]$fields[12]
    }
    $ticks / 100.0
}

function Get-StoreCpuSeconds {
    # user + system time of the gateway and the daemons behind it (monitor, OSD): what the store spent on the requests.
    $seconds = 0.0
    foreach ($file in Get-ChildItem (Join-Path $env:CEPH_S3_DIR 'run') -Filter '*.pid') { $seconds += Get-TreeCpuSeconds ([int](Get-Content -Raw $file.FullName)) }
    $seconds
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
}

try {
    $started = Invoke-Tool -FilePath bash -ArgumentList @($ceph, 'start') -TimeoutSec 180
    if ($started.ExitCode -ne 0) { throw "The Ceph gateway did not start: $($started.Stdout) $($started.Stderr)" }
    $cephStart = $started.Seconds

    # The SDK in this process: the ceiling, and how the data set is made.
    Add-Type -Path (Join-Path $moduleDir 'AWSSDK.Core.dll'), (Join-Path $moduleDir 'AWSSDK.S3.dll')
    $config = [Amazon.S3.AmazonS3Config]@{ ServiceURL = $endpoint; AuthenticationRegion = 'us-east-1'; ForcePathStyle = $true
        RequestChecksumCalculation = 'WHEN_REQUIRED'; ResponseChecksumValidation = 'WHEN_REQUIRED' }
    $s3 = [Amazon.S3.AmazonS3Client]::new([Amazon.Runtime.BasicAWSCredentials]::new($accessKey, $secretKey), $config)
    $transfer = [Amazon.S3.Transfer.TransferUtility]::new($s3)
    function Wait-Task($Task) { $Task.GetAwaiter().GetResult() }
    function Send-Object([string] $Key, [byte[]] $Bytes) {
        $request = [Amazon.S3.Model.PutObjectRequest]@{ BucketName = $bucket; Key = $Key; InputStream = [System.IO.MemoryStream]::new($Bytes) }
        $null = Wait-Task ($s3.PutObjectAsync($request))
    }
    function Remove-Prefix([string] $Prefix) {
        $request = [Amazon.S3.Model.ListObjectsV2Request]@{ BucketName = $bucket; Prefix = $Prefix }
        do {
            $page = Wait-Task ($s3.ListObjectsV2Async($request))
            foreach ($item in @($page.S3Objects | Where-Object { $_ })) { $null = Wait-Task ($s3.DeleteObjectAsync($bucket, $item.Key)) }
            $request.ContinuationToken = if ($page.IsTruncated) { $page.NextContinuationToken } else { $null }
        } while ($request.ContinuationToken)
        # memstore is RAM: make Ceph free deleted data now, not in two hours.
        $null = Invoke-Tool -FilePath radosgw-admin -ArgumentList @('-c', (Join-Path $env:CEPH_S3_DIR 'ceph.conf'), 'gc', 'process', '--include-all') -TimeoutSec 300
    }

    $data = Join-Path $work 'data'
    New-Item -ItemType Directory -Force $data, (Join-Path $data 'small') | Out-Null
    $big = Join-Path $data 'big.bin'
    if ($bigRows) { $null = Invoke-Checked bash @('-c', "head -c $bigBytes /dev/urandom > '$big'") }
    $smallBytes = [byte[]]::new(4096); [System.Random]::new(7).NextBytes($smallBytes)
    foreach ($i in 0..($smallCount - 1)) { [System.IO.File]::WriteAllBytes((Join-Path $data ('small/f{0:D4}.bin' -f $i)), $smallBytes) }
    if ($bigRows) { $null = Wait-Task ($transfer.UploadAsync($big, $bucket, 'src/big.bin')) }
    foreach ($i in 0..($smallCount - 1)) { Send-Object ('src/small/f{0:D4}.bin' -f $i) $smallBytes }
    $one = [byte[]]@(1)
    $listing = [System.Collections.Generic.List[object]]::new()
    foreach ($i in 0..($listCount - 1)) { $listing.Add($s3.PutObjectAsync([Amazon.S3.Model.PutObjectRequest]@{ BucketName = $bucket; Key = ('list/e{0:D5}' -f $i); InputStream = [System.IO.MemoryStream]::new($one) })); if ($listing.Count -ge 32) { foreach ($t in $listing) { $null = Wait-Task $t }; $listing.Clear() } }
    foreach ($t in $listing) { $null = Wait-Task $t }

    # The two FTP servers, each on the whole bucket.
    $ftplitePort = Get-FreePort
    $script = Join-Path $work 'ftplite-server.ps1'
    Set-Content -LiteralPath $script -Value @'
Import-Module $args[0]
$keys = [pscredential]::new($args[3], (ConvertTo-SecureString $args[4] -AsPlainText -Force))
Start-FtpLiteServer -Port $args[1] -S3Bucket bench -S3Endpoint $args[2] -S3ForcePathStyle -S3Credential $keys -AllowAnonymousWrite -Wait
'@
    $launch = Get-PwshLaunch
    $ftplite = Start-BenchProcess -Name 'FtpLite on S3' -LogPath (Join-Path $work 'ftplite.log') -Command (@($launch) + @('-NoProfile', '-File', $script, $ModulePath, $ftplitePort, $endpoint, $accessKey, $secretKey))
    $null = Wait-FtpServer -Entry $ftplite -Port $ftplitePort
    $rcloneS3 = @(":s3:$bucket", '--s3-provider', 'Ceph', '--s3-endpoint', $endpoint, '--s3-access-key-id', $accessKey, '--s3-secret-access-key', $secretKey,
        '--s3-region', 'us-east-1', '--config', '/dev/null', '--cache-dir', (Join-Path $work 'rclone-cache'))
    # The endpoint is plain HTTP: a CA bundle named in the environment only makes rclone's S3 client fail to start.
    $rcloneEnv = @('env', '-u', 'AWS_CA_BUNDLE', 'rclone')
    # Each server column: how curl and lftp reach it, and the process whose CPU time the report shows.
    $servers = [ordered]@{ FtpLite = @{ Url = "ftp://127.0.0.1:$ftplitePort"; Curl = @(); Lftp = @('-p', $ftplitePort); Host = '127.0.0.1'; Set = ''; Id = $ftplite.Id } }
    if ($BaselineModulePath) {
        $beforePort = Get-FreePort
        $before = Start-BenchProcess -Name 'FtpLite before on S3' -LogPath (Join-Path $work 'ftplite-before.log') -Command (@($launch) + @('-NoProfile', '-File', $script, $BaselineModulePath, $beforePort, $endpoint, $accessKey, $secretKey))
        $null = Wait-FtpServer -Entry $before -Port $beforePort
        $servers['before'] = @{ Url = "ftp://127.0.0.1:$beforePort"; Curl = @(); Lftp = @('-p', $beforePort); Host = '127.0.0.1'; Set = ''; Id = $before.Id }
    }
    # Debian's rclone 1.60 is built without the FTP server: then the rclone column says so, and rclone's SFTP
    # server over the same bucket, with the same clients (curl and lftp speak SFTP), stands in for it, labelled so.
    $rcloneFtp = -not $FtpLiteOnly -and (Invoke-Tool -FilePath rclone -ArgumentList @('serve', '--help') -TimeoutSec 60).Stdout -match '(?m)^\s+ftp\s'
    if ($rcloneFtp) {
        $rclonePort = Get-FreePort
        $rclone = Start-BenchProcess -Name 'rclone serve ftp' -LogPath (Join-Path $work 'rclone.log') -Command (@($rcloneEnv) + @('serve', 'ftp') + $rcloneS3 + @('--addr', "127.0.0.1:$rclonePort"))
        $null = Wait-FtpServer -Entry $rclone -Port $rclonePort
        $servers['rclone'] = @{ Url = "ftp://127.0.0.1:$rclonePort"; Curl = @(); Lftp = @('-p', $rclonePort); Host = '127.0.0.1'; Set = ''; Id = $rclone.Id }
    }
    elseif (-not $FtpLiteOnly) {
        $sftpPort = Get-FreePort
        $sftpPassword = [guid]::NewGuid().ToString('n')
        $standIn = Start-BenchProcess -Name 'rclone serve sftp' -LogPath (Join-Path $work 'rclone-sftp.log') -Command (@($rcloneEnv) + @('serve', 'sftp') + $rcloneS3 + @('--addr', "127.0.0.1:$sftpPort", '--user', 'bench', '--pass', $sftpPassword))
        # It makes its host keys on the first start (a second or two): wait for the SSH banner.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Read-FtpGreeting -Port $sftpPort) -notmatch '^SSH-') {
            if ([DateTime]::UtcNow -gt $deadline -or -not (Test-ProcessAlive $standIn.Id)) { throw "rclone serve sftp did not start: $(Get-Content -Raw (Join-Path $work 'rclone-sftp.log'))" }
            Start-Sleep -Milliseconds 200
        }
        # A throwaway host key on loopback: neither curl (-k) nor ssh (for lftp) checks it.
        $servers['sftp'] = @{ Url = "sftp://127.0.0.1:$sftpPort"; Curl = @('-k', '-u', "bench:$sftpPassword"); Lftp = @('-u', "bench,$sftpPassword"); Host = "sftp://127.0.0.1:$sftpPort"
            Set = "set sftp:connect-program 'ssh -a -x -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'; "; Id = $standIn.Id }
    }

    $columns = @('FtpLite', 'rclone', 'sftp', 'SDK')
    $rows = [ordered]@{}
    foreach ($name in @('big-up', 'big-down', 'small-up', 'small-down', 'list') | Where-Object { $Only -contains $_ }) {
        $rows[$name] = @{}
        foreach ($column in @($columns) + 'before') { $rows[$name][$column] = @{ Seconds = @(); Requests = @(); Cpu = @(); StoreCpu = @() } }
    }
    # One measurement: its wall-clock time, the requests the gateway served meanwhile, the server's CPU time.
    # Its parameter is $Row, never $Name: names ignore case, and the actions, run in its scope, read the loop's $name.
    function Measure-Row([string] $Row, [string] $Column, [scriptblock] $Action) {
        if (-not $rows.Contains($Row)) { return }
        $id = if ($servers.Contains($Column)) { $servers[$Column].Id } else { $PID }
        $requests = Get-GatewayRequests; $cpu = Get-TreeCpuSeconds $id; $storeCpu = Get-StoreCpuSeconds
        $seconds = & $Action
        $rows[$Row][$Column].Seconds += $seconds
        $rows[$Row][$Column].Requests += (Get-GatewayRequests) - $requests
        $rows[$Row][$Column].Cpu += (Get-TreeCpuSeconds $id) - $cpu
        $rows[$Row][$Column].StoreCpu += (Get-StoreCpuSeconds) - $storeCpu
    }
    foreach ($run in 1..$Runs) {
        # Servers take turns; the first of each run alternates, so neither build always meets a cold or warm gateway.
        $order = @($servers.Keys)
        if ($run % 2 -eq 0) { [array]::Reverse($order) }
        foreach ($name in $order) {
            $server = $servers[$name]
            $url = $server.Url
            $lftp = { param($Commands) Invoke-Checked lftp (@($server.Lftp) + @('-e', "$($server.Set)set net:max-retries 1; $Commands; bye", $server.Host)) }
            Measure-Row 'big-up' $name { Invoke-Checked curl (@('-sS', '--ftp-create-dirs') + $server.Curl + @('-T', $big, "$url/up-$name-$run/big.bin")) }
            Measure-Row 'big-down' $name { Invoke-Checked curl (@('-sS') + $server.Curl + @('-o', '/dev/null', "$url/src/big.bin")) }
            Measure-Row 'small-up' $name { & $lftp "mirror -R $data/small /up-$name-$run/small" }
            $into = Join-Path $work "down-$name-$run"
            Measure-Row 'small-down' $name { & $lftp "mirror /src/small $into" }
            if ($rows.Contains('small-down')) {
                if (@(Get-ChildItem $into).Count -ne $smallCount) { throw "${name}: lftp mirror fetched $(@(Get-ChildItem $into).Count) of $smallCount files" }
                Remove-Item -Recurse -Force $into
            }
            Measure-Row 'list' $name { Invoke-Checked curl (@('-sS') + $server.Curl + @('-o', '/dev/null', "$url/list/")) }
            Remove-Prefix "up-$name-$run/"
        }

        if ($FtpLiteOnly) { continue }
        Measure-Row 'big-up' 'SDK' { Measure-Seconds { Wait-Task ($transfer.UploadAsync($big, $bucket, 'up-sdk/big.bin')) } }
        Measure-Row 'big-down' 'SDK' { Measure-Seconds {
            $response = Wait-Task ($s3.GetObjectAsync($bucket, 'src/big.bin'))
            try { $response.ResponseStream.CopyTo([System.IO.Stream]::Null, 1MB) } finally { $response.Dispose() }
        } }
        Measure-Row 'small-up' 'SDK' { Measure-Seconds { foreach ($i in 0..($smallCount - 1)) { Send-Object ('up-sdk/small/f{0:D4}.bin' -f $i) $smallBytes } } }
        Measure-Row 'small-down' 'SDK' { Measure-Seconds {
            foreach ($i in 0..($smallCount - 1)) {
                $response = Wait-Task ($s3.GetObjectAsync($bucket, ('src/small/f{0:D4}.bin' -f $i)))
                try { $response.ResponseStream.CopyTo([System.IO.Stream]::Null) } finally { $response.Dispose() }
            }
        } }
        Measure-Row 'list' 'SDK' { Measure-Seconds {
            $request = [Amazon.S3.Model.ListObjectsV2Request]@{ BucketName = $bucket; Prefix = 'list/'; Delimiter = '/' }
            do {
                $page = Wait-Task ($s3.ListObjectsV2Async($request))
                $request.ContinuationToken = if ($page.IsTruncated) { $page.NextContinuationToken } else { $null }
            } while ($request.ContinuationToken)
        } }
        Remove-Prefix 'up-sdk/'
    }

    $titles = [ordered]@{
        'big-up' = "$($bigBytes / 1MB) MiB up (curl -T; SDK TransferUtility)"
        'big-down' = "$($bigBytes / 1MB) MiB down (curl -o /dev/null; SDK GetObject)"
        'small-up' = "$smallCount x 4 KiB up (lftp mirror -R; SDK PUT one at a time)"
        'small-down' = "$smallCount x 4 KiB down (lftp mirror; SDK GET one at a time)"
        'list' = "$listCount-object listing (curl LIST; SDK ListObjectsV2 pages)"
    }
    $measured = @($columns | Where-Object { $column = $_; @($rows.Keys | Where-Object { $rows[$_][$column].Seconds.Count -gt 0 }).Count -gt 0 })
    function Format-Median([string] $Row, [string] $Column, [string] $What, [string] $Format) {
        if ($measured -notcontains $Column) { return 'n/a' }
        $Format -f (Get-Median $rows[$Row][$Column][$What])
    }
    function Format-Ratio([string] $Row, [string] $Column) {
        if ($measured -notcontains $Column) { return 'n/a' }
        '{0:N2}x' -f ((Get-Median $rows[$Row][$Column].Seconds) / (Get-Median $rows[$Row]['FtpLite'].Seconds))
    }
    $rcloneVersion = if (Get-Command rclone -ErrorAction Ignore) { & rclone version | Select-Object -First 1 } else { 'rclone: not installed' }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("# S3 rows: FtpLite on S3 vs rclone serve ftp vs the SDK straight to the store")
    $lines.Add('')
    $lines.Add("Run $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC on $([Environment]::ProcessorCount) cores (shared with other work: compare within a row, not across runs; load average before: $((Get-Content /proc/loadavg) -replace '^(\S+ \S+ \S+).*', '$1')); $Runs runs per row, medians in seconds.")
    $lines.Add("Store: a throwaway Ceph RADOS Gateway (memstore, beast with tcp_nodelay) from tests/peers/ceph-s3.sh on loopback, started in $([Math]::Round($cephStart, 1)) s. $rcloneVersion; ceph $((& ceph --version) -replace '^ceph version (\S+).*', '$1'); FtpLite $(git -C $repo rev-parse --short HEAD).")
    $lines.Add('FtpLite: default 8 MiB parts, 2 in flight. Ratios: the other program''s time / FtpLite''s time (above 1: FtpLite faster).')
    $lines.Add('')
    $lines.Add('| Row | FtpLite | rclone serve ftp | rclone serve sftp (stand-in) | SDK direct | vs rclone | vs stand-in | vs SDK |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    foreach ($row in $rows.Keys) {
        $cells = foreach ($column in $columns) { Format-Median $row $column 'Seconds' '{0:N2}' }
        $lines.Add("| $($titles[$row]) | $($cells -join ' | ') | $(Format-Ratio $row 'rclone') | $(Format-Ratio $row 'sftp') | $(Format-Ratio $row 'SDK') |")
    }
    if (-not $rcloneFtp -and -not $FtpLiteOnly) {
        $lines.Add('')
        $lines.Add("rclone serve ftp: not measured: this machine's $rcloneVersion has no 'serve ftp' (Debian builds it without the FTP server).")
        $lines.Add('Stand-in, NOT the issue''s column: `rclone serve sftp` over the same bucket with the same clients over SFTP (curl sftp://, lftp sftp://);')
        $lines.Add('it pays for SSH encryption, which FTP in the clear does not, so read it as a rough guide only.')
    }
    if ($measured -contains 'rclone' -or $measured -contains 'sftp') {
        $lines.Add('rclone keeps what it listed for 5 minutes (--dir-cache-time, its default): its listing runs after the first come from that cache,')
        $lines.Add('not from the store (see every run below). Uploads go to a new folder each run, so that no cache can skip them.')
    }
    $lines.Add('')
    $lines.Add('Requests the gateway served during each row (its perf counter rgw.req; medians), and the server process''s CPU time in seconds (user+sys of its process tree; for the SDK, this PowerShell process):')
    $lines.Add('')
    $lines.Add('| Row | FtpLite req | rclone req | stand-in req | SDK req | FtpLite CPU | rclone CPU | stand-in CPU | SDK CPU |')
    $lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    foreach ($row in $rows.Keys) {
        $requests = foreach ($column in $columns) { Format-Median $row $column 'Requests' '{0:N0}' }
        $cpu = foreach ($column in $columns) { Format-Median $row $column 'Cpu' '{0:N2}' }
        $lines.Add("| $($titles[$row]) | $($requests -join ' | ') | $($cpu -join ' | ') |")
    }
    if ($BaselineModulePath) {
        $lines.Add('')
        $lines.Add("Two builds on the same gateway and data: before = $BaselineModulePath, after = $ModulePath (medians; req/item = gateway requests per file, or per listing):")
        $lines.Add('')
        $lines.Add('| Row | before s | after s | after/before | before req | after req | before req/item | after req/item | before CPU | after CPU | before store CPU | after store CPU |')
        $lines.Add('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
        foreach ($name in $rows.Keys) {
            $items = if ($name -like 'small-*') { $smallCount } else { 1 }
            $b = $rows[$name]['before']; $a = $rows[$name]['FtpLite']
            $lines.Add(('| {0} | {1:N2} | {2:N2} | {3:N2} | {4:N0} | {5:N0} | {6:N2} | {7:N2} | {8:N2} | {9:N2} | {10:N2} | {11:N2} |' -f $titles[$name], (Get-Median $b.Seconds), (Get-Median $a.Seconds),
                ((Get-Median $a.Seconds) / (Get-Median $b.Seconds)), (Get-Median $b.Requests), (Get-Median $a.Requests), ((Get-Median $b.Requests) / $items), ((Get-Median $a.Requests) / $items),
                (Get-Median $b.Cpu), (Get-Median $a.Cpu), (Get-Median $b.StoreCpu), (Get-Median $a.StoreCpu)))
        }
    }
    $lines.Add('')
    $lines.Add('Every run (seconds; then the server''s CPU seconds, and the store''s: gateway, OSD and monitor):')
    $lines.Add('')
    foreach ($row in $rows.Keys) {
        foreach ($what in 'Seconds', 'Cpu', 'StoreCpu') {
            $runsText = foreach ($column in @($measured) + @(if ($BaselineModulePath) { 'before' })) { "$column $(($rows[$row][$column][$what] | ForEach-Object { '{0:N2}' -f $_ }) -join ', ')" }
            $lines.Add("- $($titles[$row])$(@{ Seconds = ''; Cpu = ', server CPU'; StoreCpu = ', store CPU' }[$what]): $($runsText -join '; ')")
        }
    }
    New-Item -ItemType Directory -Force (Split-Path $OutFile) | Out-Null
    Set-Content -LiteralPath $OutFile -Value $lines
    $lines
}
finally {
    Stop-AllBenchProcesses
    $null = Invoke-Tool -FilePath bash -ArgumentList @($ceph, 'stop') -TimeoutSec 120
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}
