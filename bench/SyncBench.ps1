#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The sync rows: Sync-FtpLiteItem against `lftp mirror -R` and `rclone sync` making a server (FtpLite's, or vsftpd
    or pyftpdlib with -Server) match a local tree of -Files files in -Folders folders: unchanged (nothing to send),
    then with 10% of the files changed; and a first sync of -FirstFiles files of 4 KiB into an empty folder, beside
    the path of the main bench's row 4b (Get-ChildItem | Send-FtpLiteFile).
.DESCRIPTION
    One server on 127.0.0.1 serves a folder that a first Sync-FtpLiteItem fills: FtpLite's (port 0, in this process),
    vsftpd or pyftpdlib (tests/peers/start-<name>.sh, their own process; need root and tests/peers/install.sh).
    vsftpd lists with LIST and cannot set times (the next sync compares sizes and "not older"); pyftpdlib has MLSD
    and MFMT, as FtpLite's server has.
    Then, -Runs times, the three tools take turns on the same tree: each sample is the wall-clock time of one
    whole sync (for FtpLite: Connect-FtpLite, Sync-FtpLiteItem, Disconnect-FtpLite in this warm process; lftp and
    rclone as whole processes). The files the server wrote or touched during each sample (their inode change time,
    which uploads and time setting both move) are reported beside it, so a tool that re-sends files it could have
    skipped, or misses a change, shows it. For the "10% changed" row, every tenth file is rewritten
    (one byte longer, a new time) before each tool's sample. In the "first sync" row each sample goes into a new,
    empty folder. Prints a markdown table and writes it to -OutFile.
.EXAMPLE
    dotnet pwsh ./bench/SyncBench.ps1 -Runs 3
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/FtpLite/FtpLite.psd1'),
    [int] $Runs = 3,
    [int] $Files = 10000,
    [int] $Folders = 100,
    [ValidateSet('FtpLite', 'vsftpd', 'pyftpdlib')] [string] $Server = 'FtpLite',
    # The first-sync row's files (4 KiB each, one folder, as the main bench's row 4); 0 leaves the row out.
    [int] $FirstFiles = 1000,
    [string] $OutFile = (Join-Path $PSScriptRoot "results/$(Get-Date -Format yyyy-MM-dd)-sync$(if ($Server -ne 'FtpLite') { "-$($Server.ToLowerInvariant())" }).md")
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath
. (Join-Path $PSScriptRoot 'lib/Processes.ps1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-bench-sync-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$local = Join-Path $work 'local'
$served = Join-Path $work 'served'
$null = New-Item -ItemType Directory -Path $local, $served
$perFolder = [math]::Ceiling($Files / $Folders)
$all = [System.Collections.Generic.List[string]]::new()
foreach ($f in 0..($Folders - 1)) {
    $dir = Join-Path $local ('d{0:000}' -f $f)
    $null = New-Item -ItemType Directory -Path $dir
    foreach ($i in 0..($perFolder - 1)) {
        if ($all.Count -ge $Files) { break }
        $path = Join-Path $dir ('f{0:0000}.txt' -f $i)
        [System.IO.File]::WriteAllText($path, ('{0:00000000} {1}' -f $all.Count, [guid]::NewGuid()))
        $all.Add($path)
    }
}
$stamp = [DateTime]::UtcNow.AddHours(-1)
foreach ($path in $all) { [System.IO.File]::SetLastWriteTimeUtc($path, $stamp) }
$first = Join-Path $work 'first'
$null = New-Item -ItemType Directory -Path $first
$bytes = [byte[]]::new(4KB)
foreach ($i in 1..$FirstFiles) {
    [System.Random]::Shared.NextBytes($bytes)
    [System.IO.File]::WriteAllBytes((Join-Path $first ('small-{0:0000}.bin' -f $i)), $bytes)
}

function Update-Tenth {
    $now = [DateTime]::UtcNow
    for ($i = 0; $i -lt $all.Count; $i += 10) {
        # One byte longer each time: a change every tool sees, whether it compares times or only sizes.
        [System.IO.File]::AppendAllText($all[$i], 'x')
        [System.IO.File]::SetLastWriteTimeUtc($all[$i], $now)
    }
}
function Get-Median([double[]] $Values) { $s = @($Values | Sort-Object); $s[[int][math]::Floor(($s.Count - 1) / 2)] }

function New-EmptyTarget([string] $Name) {
    # The first sync goes into an empty folder that exists (rclone will not sync into an absent one on every server).
    $null = New-Item -ItemType Directory -Path (Join-Path $served $Name)
    if ($Server -ne 'FtpLite') { & chown $user (Join-Path $served $Name) }
    "/$Name"
}

function Get-TouchedFiles([string] $Marker) {
    [int](& find $served -type f -cnewer $Marker | Measure-Object).Count
}

if ($Server -eq 'FtpLite') {
    $user = 'bench'; $password = 'bench-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
    $ftpServer = Start-FtpLiteServer -Root $served -Address 127.0.0.1 -Port 0 -Credential $credential
    $port = $ftpServer.Port
}
else {
    # The peer user of tests/peers/peer-user.sh, which the peer serves.
    $peers = Join-Path $PSScriptRoot '../tests/peers'
    $user = ((Get-Content (Join-Path $peers 'peer-user.sh')) -match '^FTPLITE_PEER_USER=' -replace '^[^=]*=', '').Trim("'")
    $password = ((Get-Content (Join-Path $peers 'peer-user.sh')) -match '^FTPLITE_PEER_PASSWORD=' -replace '^[^=]*=', '').Trim("'")
    $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
    $port = Get-FreePort
    $entry = Start-BenchProcess -Name $Server -Command @('/bin/bash', (Join-Path $peers "start-$Server.sh"), $served, "$port") -LogPath (Join-Path $work "$Server.log")
    $null = Wait-FtpServer -Entry $entry -Port $port
}
$marker = Join-Path $work 'marker'
$rclonePass = (& rclone obscure $password).Trim()
$tools = [ordered]@{
    FtpLite = {
        param([string] $From = $local, [string] $To = "/")
        $session = Connect-FtpLite -ComputerName 127.0.0.1 -Port $port -Credential $credential
        try {
            $summary = Sync-FtpLiteItem -Path $From -RemotePath $To -Direction Upload -Session $session | Select-Object -Last 1
            if (-not $summary.Succeeded) { throw "Sync-FtpLiteItem reported failures." }
        }
        finally { Disconnect-FtpLite -Session $session }
    }
    'FtpLite -ThrottleLimit 4' = {
        $session = Connect-FtpLite -ComputerName 127.0.0.1 -Port $port -Credential $credential
        try {
            $summary = Sync-FtpLiteItem -Path $local -RemotePath / -Direction Upload -Session $session -ThrottleLimit 4 | Select-Object -Last 1
            if (-not $summary.Succeeded) { throw "Sync-FtpLiteItem reported failures." }
        }
        finally { Disconnect-FtpLite -Session $session }
    }
    'lftp mirror -R' = {
        param([string] $From = $local, [string] $To = "/")
        & lftp -u "$user,$password" -p $port -e "set ftp:ssl-allow no; mirror -R --no-perms '$From' '$To'; quit" 127.0.0.1 | Out-Null
        if ($LASTEXITCODE) { throw "lftp exited with $LASTEXITCODE." }
    }
    'rclone sync' = {
        param([string] $From = $local, [string] $To = "/")
        & rclone sync $From ":ftp:$To" --ftp-host 127.0.0.1 --ftp-port $port --ftp-user $user --ftp-pass $rclonePass --checkers 4 --transfers 1 2>&1 | Out-Null
        if ($LASTEXITCODE) { throw "rclone exited with $LASTEXITCODE." }
    }
}
# The first sync into an empty folder, and beside it the main bench's row 4b path (Get-ChildItem | Send-FtpLiteFile,
# one connection), which the first sync should not be slower than.
$firstTools = [ordered]@{
    FtpLite = $tools.FtpLite
    'Send-FtpLiteFile (row 4b)' = {
        param([string] $From, [string] $To)
        $session = Connect-FtpLite -ComputerName 127.0.0.1 -Port $port -Credential $credential
        try { $null = Get-ChildItem -LiteralPath $From -File | Send-FtpLiteFile -Destination "$To/" -Session $session }
        finally { Disconnect-FtpLite -Session $session }
    }
    'lftp mirror -R' = $tools['lftp mirror -R']
    'rclone sync' = $tools['rclone sync']
}
$rowNames = @('unchanged', '10% changed') + $(if ($FirstFiles -gt 0) { 'first sync' })
$rows = [ordered]@{}
try {
    # The first sync fills the server (and sets the remote times), untimed.
    & $tools.FtpLite
    foreach ($row in $rowNames) {
        $rowTools = if ($row -eq 'first sync') { $firstTools } else { $tools }
        foreach ($name in $rowTools.Keys) { $rows["$row|$name"] = [System.Collections.Generic.List[object]]::new() }
        foreach ($run in 1..$Runs) {
            $turn = 0
            foreach ($name in $rowTools.Keys) {
                if ($row -eq '10% changed') { Update-Tenth }
                [System.IO.File]::WriteAllText($marker, '')
                $arguments = @(if ($row -eq 'first sync') { $first; New-EmptyTarget "first-$run-$((++$turn))" })
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                & $rowTools[$name] @arguments
                $clock.Stop()
                $rows["$row|$name"].Add([pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Files = Get-TouchedFiles $marker })
            }
        }
    }
}
finally {
    if ($Server -eq 'FtpLite') { $ftpServer | Stop-FtpLiteServer } else { Stop-AllBenchProcesses }
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}

$lines = @(
    "# Sync: $Files files in $Folders folders$(if ($FirstFiles -gt 0) { "; first sync: $FirstFiles x 4 KiB" }), served by $Server ($(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC, load $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3))"
    ''
    "Medians of $Runs runs, the tools taking turns; lftp $(if ((& lftp --version | Select-Object -First 1) -match 'Version (\S+)') { $Matches[1] }), rclone $((& rclone version | Select-Object -First 1) -replace '^rclone\s*', ''). Files: how many the server wrote or touched during the sample."
    ''
    '| row | tool | median | ratio (peer / FtpLite) | samples (s, files written or touched) |'
    '| --- | --- | --- | --- | --- |'
)
foreach ($row in $rowNames) {
    $ours = Get-Median @($rows["$row|FtpLite"].Seconds)
    foreach ($name in $(if ($row -eq 'first sync') { $firstTools.Keys } else { $tools.Keys })) {
        $samples = $rows["$row|$name"]
        $median = Get-Median @($samples.Seconds)
        $ratio = if ($name -eq 'FtpLite') { '' } else { '{0:0.00}x' -f ($median / $ours) }
        $lines += "| $row | $name | $('{0:0.00} s' -f $median) | $ratio | $(($samples | ForEach-Object { '{0:0.00} s, {1}' -f $_.Seconds, $_.Files }) -join '; ') |"
    }
}
$lines | Set-Content -LiteralPath $OutFile
$lines
