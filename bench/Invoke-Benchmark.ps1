#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Benchmarks FtpLite side by side with vsftpd and pyftpdlib (servers) and curl and lftp (clients), on loopback.
.DESCRIPTION
    Installs the peers it lacks, starts every server in the foreground on free loopback ports, runs the rows
    of bench/README.md (one file each in bench/rows/), and writes a markdown table and an SVG chart under
    bench/results/ (latest.md, latest.svg and a dated copy; quick.md and quick.svg with -Quick; rows.md and
    rows.svg with -Row alone). Every process and folder it made is removed at the end, also when it fails.
    Throws (exit code 1) when a measurement failed: a crash, a timeout or wrong bytes; being slower than a
    target is a result, not a failure.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench -Quick
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1 -Quick -Row 1,5a
#>
[CmdletBinding()]
param(
    # The built module (build.ps1 -Task Build writes out/FtpLite/FtpLite.psd1).
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # Tiny sizes and one run each: exercises every row in well under a minute (what CI runs).
    [switch] $Quick,

    # Runs per row (default: 5, 7 for the short listing and start-up rows; 1 with -Quick).
    [ValidateRange(1, 25)]
    [int] $Runs,

    # Where the report goes.
    [string] $ResultsDirectory = (Join-Path $PSScriptRoot 'results'),

    # Leave bench/work/run-* in place for inspection.
    [switch] $KeepWork,

    # Only these rows (ids as in the report: 1, 3a, 5c, ...); a row file runs when one of its ids is named, and
    # the report shows all of that file's rows.
    [string[]] $Row
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not $IsLinux) { throw 'The benchmark runs on Linux (vsftpd, pyftpdlib, /proc).' }

$bench = $PSScriptRoot
foreach ($lib in 'Processes', 'Measure', 'Peers', 'Worker', 'Setup', 'Report') { . (Join-Path $bench "lib/$lib.ps1") }

# The rows, in the order they run: memory first, on freshly started servers; the TLS rows last, on servers of
# their own. Each file returns @{ Ids; Compares; Method (optional); Measure = {...}; Report = {...} }; the report
# lists them by id. A new row is a new file in bench/rows/ and its name here.
$rowFiles = @(
    'Memory'            # 7
    'ServerDownload'    # 1
    'ServerUpload'      # 2
    'ClientTransfers'   # 3a, 3b
    'SmallFiles'        # 4a-4d
    'Listings'          # 5a-5c
    'Concurrency'       # 6a-6c
    'Startup'           # 8
    'ImportModule'      # 10
    'Ftps'              # 9, 9b
)

$inv = [System.Globalization.CultureInfo]::InvariantCulture
$repo = Split-Path -Parent $bench
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$peers = Join-Path $repo 'tests/peers'
$python = '/usr/bin/python3'
$ftpbench = Join-Path $bench 'ftpbench.py'
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$startedAt = Get-Date
$cfg = New-BenchConfig -Quick:$Quick -Runs $Runs

$benchRows = foreach ($name in $rowFiles) { . (Join-Path $bench "rows/$name.ps1") }
# From bash (pwsh -File), "-Row 1,5a" arrives as one string.
$Row = @($Row | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
if ($Row) {
    $known = @(($benchRows | Sort-Object { [int](@($_.Ids)[0] -replace '\D.*$') }).Ids)
    $unknown = @($Row | Where-Object { $_ -notin $known })
    if ($unknown) { throw "No bench row $($unknown -join ', '); the rows are $($known -join ', ')." }
    $benchRows = @($benchRows | Where-Object { @($_.Ids | Where-Object { $_ -in $Row }).Count })
}

$script:PeerUser = Get-PeerSetting 'FTPLITE_PEER_USER'
$script:PeerPassword = Get-PeerSetting 'FTPLITE_PEER_PASSWORD'
$script:Launch = Get-PwshLaunch
$work = Join-Path $bench ("work/run-{0:yyyyMMdd-HHmmss}-$PID" -f (Get-Date))
$script:Logs = Join-Path $work 'logs'
$data = Join-Path $work 'data'
$client = Join-Path $work 'client'
$big = Join-Path $data 'big.bin'
$conc = Join-Path $data 'conc.bin'
$rt = Join-Path $data 'rt.bin'
$smallData = Join-Path $data 'small'
$bigPath = '/big.bin'
$servers = [ordered]@{}      # name -> @{ Root; Port; Entry; Owner }
foreach ($name in 'ftplite', 'vsftpd', 'pyftpdlib') { $servers[$name] = @{ Root = (Join-Path $work "srv/$name"); Port = 0; Entry = $null; Owner = 0 } }
$tlsServers = [ordered]@{}   # rows 9 and 9b: FtpLite and vsftpd with explicit TLS required, apart from the plain ones
$script:Tls = $null          # their throwaway certificate: @{ Pfx; Password; CertPem; KeyPem; Thumbprint }
$script:DisplayNames = @{ ftplite = 'FtpLite'; vsftpd = 'vsftpd'; pyftpdlib = 'pyftpdlib'; curl = 'curl'; lftp = 'lftp'; ftplite4 = 'FtpLite -ThrottleLimit 4'; lftp4 = 'lftp --parallel=4' }
$info = [ordered]@{}
$details = [System.Collections.Generic.List[string]]::new()
$probe = $null
$script:Worker = $null
$script:WorkerWarm = $false
$script:ServerDeaths = [System.Collections.Generic.List[string]]::new()

try {
    Write-Step "FtpLite benchmark, $($cfg.Mode) mode; scratch folder $work"
    $iperf = Install-BenchPeers
    $null = New-Item -ItemType Directory -Force $work, $script:Logs, $data, $client
    New-BenchData

    Write-Step 'Starting FtpLite, vsftpd, pyftpdlib and the FtpLite client worker'
    foreach ($name in $servers.Keys) { Start-BenchServer $name }
    $script:Worker = Start-ClientWorker
    foreach ($name in $servers.Keys) { Wait-BenchServer $name }
    foreach ($name in $servers.Keys) { Write-Step ("  {0,-9} port {1}, process {2}" -f $name, $servers[$name].Port, $servers[$name].Owner) }
    $probe = Invoke-Worker @{ op = 'probe' } 120

    Get-MachineInfo
    $ceiling = Measure-LoopbackCeiling $iperf
    $info['Loopback ceiling'] = $ceiling
    Write-Step "  $ceiling"

    foreach ($benchRow in $benchRows) { & $benchRow.Measure }
}
catch {
    $script:Failures.Add("harness: $($_.Exception.Message)")
    Write-Warning "The benchmark stopped early: $($_.Exception.Message)`n$($_.ScriptStackTrace)"
}
finally {
    Stop-ClientWorker
    Stop-AllBenchProcesses
    if ($KeepWork) { Write-Step "Kept $work" }
    elseif (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Continue }
    $scratch = Split-Path -Parent $work
    if ((Test-Path -LiteralPath $scratch) -and -not (Get-ChildItem -LiteralPath $scratch -Force)) { Remove-Item -LiteralPath $scratch -Force }
}

# ------------------------------------------------------------------------------------------- the report

$byId = @($benchRows | Sort-Object { [int](@($_.Ids)[0] -replace '\D.*$') })
$rows = @(foreach ($benchRow in $byId) { & $benchRow.Report })

foreach ($key in $script:Samples.Keys) {
    $parts = foreach ($s in $script:Samples[$key]) {
        if ($s.Error) { "run $($s.Run): ERROR $($s.Error)" } else { "run $($s.Run): $($s.Value.ToString('0.######', $inv))" }
    }
    $details.Add("$key  $($parts -join ', ')")
}

$method = @(
    "Everything on 127.0.0.1; every server in the foreground of its own process on a free port, stopped at the end. FtpLite's server is ``Start-FtpLiteServer -Wait`` in its own pwsh process with shipped defaults; vsftpd and pyftpdlib are started by tests/peers (vsftpd with a private config, max_per_ip=0 and max_clients=0). All three serve the same local user and password; TLS is off everywhere except in rows 9 and 9b."
    foreach ($benchRow in $byId) { if ($benchRow.Contains('Method')) { $benchRow.Method } }
    'Every transfer is checked: byte counts for each run, and a full comparison (cmp) of the content on the first run.'
)
$info['Duration'] = '{0:0} s' -f $clock.Elapsed.TotalSeconds
# Other work on the machine skews every figure; say how busy it was.
if (Get-Variable -Scope Script -Name LoadAtStart -ErrorAction Ignore) {
    $info['Load average (1, 5, 15 min)'] = "$script:LoadAtStart at the start, $((Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ') at the end (on $([Environment]::ProcessorCount) cores; row 6's clients and vsftpd's session processes count in it too)"
}
if ($script:ServerDeaths.Count) { $info['Processes that died'] = $script:ServerDeaths -join '; ' }
if ($script:Failures.Count) { $info['Failures'] = "$($script:Failures.Count) (see the notes and samples)" }

Write-BenchReport -Rows $rows -Info $info -Method $method -Details $details -Quick:$Quick -Narrowed:([bool]$Row)
if ($script:Failures.Count) {
    $shown = @($script:Failures | Select-Object -First 5)
    throw "The benchmark recorded $($script:Failures.Count) failure(s), the first: $($shown -join ' || ')"
}
