#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Benchmarks FtpLite side by side with vsftpd and pyftpdlib (servers) and curl and lftp (clients), on loopback.
.DESCRIPTION
    Installs the peers it lacks, starts every server in the foreground on free loopback ports, runs the rows
    of bench/README.md, and writes a markdown table and an SVG chart under bench/results/ (latest.md,
    latest.svg and a dated copy; quick.md and quick.svg with -Quick). Every process and folder it made is
    removed at the end, also when it fails. Throws (exit code 1) when a measurement failed: a crash, a
    timeout or wrong bytes; being slower than a target is a result, not a failure.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench -Quick
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1
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
    [switch] $KeepWork
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not $IsLinux) { throw 'The benchmark runs on Linux (vsftpd, pyftpdlib, /proc).' }

. (Join-Path $PSScriptRoot 'lib/Processes.ps1')
. (Join-Path $PSScriptRoot 'lib/Report.ps1')

$inv = [System.Globalization.CultureInfo]::InvariantCulture
$repo = Split-Path -Parent $PSScriptRoot
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$peers = Join-Path $repo 'tests/peers'
$python = '/usr/bin/python3'
$ftpbench = Join-Path $PSScriptRoot 'ftpbench.py'
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$startedAt = Get-Date

$cfg = if ($Quick) {
    @{ Mode = 'quick'; BigBytes = 8MB; SmallCount = 50; SmallBytes = 4KB; ListCount = 500; Clients = 20; ConcBytes = 256KB
        Runs = 1; ShortRuns = 1; ToolTimeout = 60; Settle = 0.3; IperfSeconds = 1 }
}
else {
    @{ Mode = 'full'; BigBytes = 1GB; SmallCount = 1000; SmallBytes = 4KB; ListCount = 10000; Clients = 200; ConcBytes = 10MB
        Runs = 5; ShortRuns = 7; ToolTimeout = 900; Settle = 1.0; IperfSeconds = 5 }
}
if ($Runs) { $cfg.Runs = $Runs; $cfg.ShortRuns = [Math]::Max($Runs, $(if ($Quick) { $Runs } else { 7 })) }

function Write-Step([string] $Message) {
    Write-Host ('[{0,6:0.0}s] {1}' -f $clock.Elapsed.TotalSeconds, $Message)
}

function Format-Size([long] $Bytes) {
    if ($Bytes -ge 1GB -and $Bytes % 1GB -eq 0) { return "$($Bytes / 1GB) GiB" }
    if ($Bytes -ge 1MB -and $Bytes % 1MB -eq 0) { return "$($Bytes / 1MB) MiB" }
    if ($Bytes -ge 1KB -and $Bytes % 1KB -eq 0) { return "$($Bytes / 1KB) KiB" }
    "$Bytes B"
}

# ------------------------------------------------------------------------------------------------ tools

function Invoke-Checked {
    # Runs a tool and throws with its error output when it fails.
    param([string] $FilePath, [string[]] $ArgumentList, [int] $TimeoutSec = $cfg.ToolTimeout)
    $r = Invoke-Tool -FilePath $FilePath -ArgumentList $ArgumentList -TimeoutSec $TimeoutSec -Environment @{ LC_ALL = 'C' }
    if ($r.ExitCode -ne 0) {
        $why = if ($r.TimedOut) { "timed out after $TimeoutSec s" } else { "exit code $($r.ExitCode)" }
        throw "$FilePath $($ArgumentList -join ' ') failed ($why): $(($r.Stderr + $r.Stdout).Trim())"
    }
    $r
}

function Invoke-Shell([string] $Script) {
    Invoke-Checked /bin/bash @('-c', $Script)
}

function Get-PeerSetting([string] $Name) {
    $line = Get-Content (Join-Path $peers 'peer-user.sh') | Where-Object { $_ -match "^$Name=" } | Select-Object -First 1
    if (-not $line) { throw "tests/peers/peer-user.sh does not set $Name." }
    ($line -replace "^$Name=", '').Trim("'", '"')
}

function Invoke-Curl {
    # Downloads: curl's own timer (time_total: connect, login, transfer). Uploads: the whole curl process, because
    # for an upload time_total stops once the data is handed to the socket, about half the time before the
    # server has it all and answers 226 (measured here: 0.45 s of 1.0 s for 1 GiB); FtpLite's client is timed to
    # the 226, so that is the fair comparison. -Tls: explicit FTPS (AUTH TLS, control and data encrypted), the
    # certificate not checked (-k; it is the harness's throwaway self-signed one).
    param([int] $Port, [string] $RemotePath, [string] $Upload, [string] $Output = '/dev/null', [switch] $Tls)
    $arguments = @('-sS', '--max-time', "$($cfg.ToolTimeout)", '-u', "${script:PeerUser}:$script:PeerPassword",
        '-w', '%{time_total} %{size_download} %{size_upload}')
    if ($Tls) { $arguments += @('--ssl-reqd', '-k') }
    if ($Upload) { $arguments += @('-T', $Upload) } else { $arguments += @('-o', $Output) }
    $arguments += "ftp://127.0.0.1:$Port$RemotePath"
    $r = Invoke-Checked curl $arguments ($cfg.ToolTimeout + 30)
    $parts = $r.Stdout.Trim().Split(' ')
    [pscustomobject]@{
        Seconds  = if ($Upload) { $r.Seconds } else { [double]::Parse($parts[0], $inv) }
        Download = [long]$parts[1]
        Upload   = [long]$parts[2]
    }
}

function Invoke-Lftp([int] $Port, [string] $Commands) {
    # TLS off (ftp:ssl-allow no), no retries; timed as the whole lftp process.
    $script = "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 30; set ftp:ssl-allow no; set xfer:clobber on; $Commands; bye"
    $r = Invoke-Checked lftp @('-u', "$script:PeerUser,$script:PeerPassword", '-p', "$Port", '-e', $script, '127.0.0.1')
    $r.Seconds
}

function Measure-CurlListing([string] $Name, [int] $Port, [string] $Output) {
    # LIST of /list by curl into a file, checked for every entry; returns curl's time_total.
    $c = Invoke-Curl -Port $Port -RemotePath '/list/' -Output $Output
    $count = @(Get-Content -LiteralPath $Output | Where-Object { $_ -match 'entry-\d+' }).Count
    if ($count -ne $cfg.ListCount) { throw "LIST from $Name had $count entries, expected $($cfg.ListCount)." }
    $c.Seconds
}

function Invoke-FtpBench([string[]] $ArgumentList, [int] $TimeoutSec = $cfg.ToolTimeout) {
    $r = Invoke-Tool -FilePath $python -ArgumentList (@($ftpbench) + $ArgumentList) -TimeoutSec $TimeoutSec
    $json = ($r.Stdout.Trim() -split "`n")[-1]
    if (-not $json.StartsWith('{')) {
        throw "ftpbench.py $($ArgumentList[0]) failed (exit $($r.ExitCode)$(if ($r.TimedOut) { ', timed out' })): $(($r.Stderr + $r.Stdout).Trim())"
    }
    $result = $json | ConvertFrom-Json
    if ($result.PSObject.Properties['error_count'] -and $result.error_count -gt 0) {
        throw "ftpbench.py $($ArgumentList[0]): $($result.errors -join '; ')"
    }
    $result
}

function Get-Login([string] $Server) {
    @('--user', $script:PeerUser, '--password', $script:PeerPassword)
}

function Assert-SameContent([string] $Expected, [string] $Actual, [string] $What) {
    if (-not (Test-Path -LiteralPath $Actual)) { throw "$What`: $Actual is missing." }
    $length = (Get-Item -LiteralPath $Actual).Length
    $want = (Get-Item -LiteralPath $Expected).Length
    if ($length -ne $want) { throw "$What`: $Actual has $length bytes, expected $want." }
    $r = Invoke-Tool cmp @('-s', $Expected, $Actual)
    if ($r.ExitCode -ne 0) { throw "$What`: $Actual differs from $Expected (cmp)." }
}

function Assert-Length([string] $Path, [long] $Expected, [string] $What) {
    if (-not (Test-Path -LiteralPath $Path)) { throw "$What`: $Path is missing." }
    $length = (Get-Item -LiteralPath $Path).Length
    if ($length -ne $Expected) { throw "$What`: $Path has $length bytes, expected $Expected." }
}

function Assert-Folder([string] $Path, [int] $Count, [long] $Bytes, [string] $What) {
    $files = @(Get-ChildItem -LiteralPath $Path -File -Force -ErrorAction Ignore | Where-Object { -not $_.Name.StartsWith('.') })
    $wrong = @($files | Where-Object { $_.Length -ne $Bytes })
    if ($files.Count -ne $Count -or $wrong.Count) {
        throw "$What`: $Path has $($files.Count) files ($($wrong.Count) of the wrong size), expected $Count of $Bytes bytes."
    }
}

# -------------------------------------------------------------------------------------- the client worker

function Start-ClientWorker {
    $launch = Get-PwshLaunch
    $log = Join-Path $script:Logs 'client-worker.err'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/bin/bash')
    $command = @($launch) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'ClientWorker.ps1'), '-ModulePath', $ModulePath)
    foreach ($argument in @('-c', 'exec "$@" 2>"$0"', $log) + $command) { $psi.ArgumentList.Add($argument) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $entry = [pscustomobject]@{ Name = 'client worker'; Process = $process; Id = $process.Id; LogPath = $log; ExtraIds = [System.Collections.Generic.List[int]]::new() }
    $script:BenchProcesses.Add($entry)
    $entry
}

function Invoke-Worker([hashtable] $Request, [int] $TimeoutSec = $cfg.ToolTimeout) {
    $worker = $script:Worker
    if ($worker -and $worker.Process.HasExited) {
        $message = "the FtpLite client worker exited with code $($worker.Process.ExitCode): $(Get-Content -Raw -ErrorAction Ignore $worker.LogPath); started again"
        $script:Failures.Add("worker: $message")
        $script:ServerDeaths.Add("client worker: $message")
        Write-Warning $message
        Stop-BenchProcess $worker
        $worker = $null
    }
    if (-not $worker) { $worker = $script:Worker = Start-ClientWorker }
    $worker.Process.StandardInput.WriteLine(($Request | ConvertTo-Json -Compress))
    $worker.Process.StandardInput.Flush()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $left = [int][Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        $read = $worker.Process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait($left)) {
            Stop-BenchProcess $worker
            $script:Worker = $null
            throw "FtpLite client request '$($Request.op)' did not finish within $TimeoutSec s; the worker was stopped."
        }
        $line = $read.Result
        if ($null -eq $line) {
            throw "The client worker died during '$($Request.op)': $(Get-Content -Raw -ErrorAction Ignore $worker.LogPath)"
        }
        $at = $line.IndexOf('@@RESULT ')
        if ($at -ge 0) { break }
    }
    $result = $line.Substring($at + 9) | ConvertFrom-Json
    if (-not $result.ok) { throw "FtpLite client '$($Request.op)' failed: $($result.error)" }
    $result
}

function New-WorkerRequest([string] $Op, [int] $Port, [hashtable] $More = @{}) {
    $request = @{ op = $Op; port = $Port; user = $script:PeerUser; password = $script:PeerPassword }
    foreach ($key in $More.Keys) { $request[$key] = $More[$key] }
    $request
}

# ------------------------------------------------------------------------------------------------ samples

$script:Samples = [ordered]@{}
$script:Failures = [System.Collections.Generic.List[string]]::new()

function Measure-Sample {
    <# Runs $Body (which returns a number, or throws) and records it under $Key for run $Run. #>
    param([string] $Key, [int] $Run, [scriptblock] $Body)
    if (-not $script:Samples.Contains($Key)) { $script:Samples[$Key] = [System.Collections.Generic.List[object]]::new() }
    try {
        $value = [double](& $Body | Select-Object -Last 1)
        $script:Samples[$Key].Add([pscustomobject]@{ Run = $Run; Value = $value; Error = $null })
        $value
    }
    catch {
        $message = "$($_.Exception.Message)"
        if ($message.Length -gt 600) { $message = $message.Substring(0, 600) + ' …' }
        $script:Samples[$Key].Add([pscustomobject]@{ Run = $Run; Value = $null; Error = $message })
        $script:Failures.Add("$Key run $Run`: $message")
        Write-Warning "$Key run $Run failed: $message"
        $null
    }
}

function Get-RunValues([string] $Key) {
    $values = @{}
    if ($script:Samples.Contains($Key)) {
        foreach ($s in $script:Samples[$Key]) { if ($null -eq $s.Error) { $values[$s.Run] = $s.Value } }
    }
    $values
}

function Get-SampleErrors([string] $Key) {
    if (-not $script:Samples.Contains($Key)) { return @() }
    @($script:Samples[$Key] | Where-Object Error | ForEach-Object { "run $($_.Run): $($_.Error)" })
}

function Get-Median([double[]] $Values) {
    if (-not $Values -or $Values.Count -eq 0) { return $null }
    $sorted = [double[]]($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Get-SampleMedian([string] $Key) {
    $values = Get-RunValues $Key
    if ($values.Count -eq 0) { return $null }
    Get-Median ([double[]]$values.Values)
}

function Format-Sample([string] $Key, [long] $Bytes, [string] $Unit = 's') {
    $median = Get-SampleMedian $Key
    if ($null -eq $median) {
        $errors = Get-SampleErrors $Key
        return $(if ($errors) { 'failed' } else { 'not measured' })
    }
    switch ($Unit) {
        'KiB' { return ('{0:0.0} KiB/conn' -f $median) }
        default {
            if ($Bytes -gt 0) { return "$(Format-Rate ($Bytes / $median)) ($(Format-Seconds $median))" }
            return (Format-Seconds $median)
        }
    }
}

function New-ComparisonRow {
    <#
    Ratio per run = (reference time) / (FtpLite time), the reference being the fastest of $Reference in that
    run; the row shows the median of those ratios. With bytes, times are shown as throughput too.
    #>
    param(
        [string] $Id, [string] $Title, [string] $ChartLabel,
        [string] $FtpLite, [string[]] $Reference, [hashtable] $Names = @{}, [string[]] $Others = @(),
        [long] $Bytes = 0, $Target = $null, [string] $TargetText = '', [string] $Note = '',
        [string] $ReferencePrefix = ''
    )
    $ftp = Get-RunValues $FtpLite
    $refRuns = @($Reference | ForEach-Object { , (Get-RunValues $_) })
    $ratios = [System.Collections.Generic.List[double]]::new()
    foreach ($run in $ftp.Keys) {
        $peerTimes = @($refRuns | ForEach-Object { if ($_.ContainsKey($run)) { $_[$run] } })
        if ($peerTimes.Count -eq $Reference.Count -and $ftp[$run] -gt 0) {
            $ratios.Add(($peerTimes | Measure-Object -Minimum).Minimum / $ftp[$run])
        }
    }
    $ratio = if ($ratios.Count) { Get-Median $ratios.ToArray() } else { $null }
    $ftpErrors = @(Get-SampleErrors $FtpLite)
    $peerErrors = @(@($Reference) + @($Others) | ForEach-Object { Get-SampleErrors $_ })
    $status = if ($ftpErrors) { 'FAIL' }
    elseif ($null -eq $ratio) { 'peer failed' }
    elseif ($null -eq $Target) { 'no target' }
    elseif ($ratio -ge $Target) { 'met' }
    else { 'missed' }
    $label = { param($key) if ($Names.ContainsKey($key)) { $Names[$key] } else { $script:DisplayNames[$key.Split('.')[-1]] } }
    $refText = ($Reference | ForEach-Object { "$(& $label $_): $(Format-Sample $_ $Bytes)" }) -join '; '
    if ($Reference.Count -gt 1) { $refText = "faster of $refText" }
    $notes = @()
    if ($Note) { $notes += $Note }
    if ($ftpErrors) { $notes += "FtpLite failed: $($ftpErrors -join ' | ')" }
    if ($peerErrors) { $notes += "Peer failed: $($peerErrors -join ' | ')" }
    [pscustomobject]@{
        Id = $Id; Title = $Title; ChartLabel = $ChartLabel
        FtpLite = (Format-Sample $FtpLite $Bytes)
        Reference = "$ReferencePrefix$refText"
        Others = (($Others | ForEach-Object { "$(& $label $_): $(Format-Sample $_ $Bytes)" }) -join '; ')
        Ratio = $ratio; RatioText = (Format-Ratio $ratio)
        Target = $Target; TargetText = $TargetText; Status = $status; Note = ($notes -join ' ')
    }
}

function New-PlaceholderRow([string] $Id, [string] $Title, [string] $ChartLabel, [string] $Reference, $Target, [string] $TargetText, [string] $Why, [string] $Note = '') {
    [pscustomobject]@{
        Id = $Id; Title = $Title; ChartLabel = $ChartLabel; FtpLite = $Why; Reference = $Reference; Others = ''
        Ratio = $null; RatioText = 'n/a'; Target = $Target; TargetText = $TargetText; Status = $Why; Note = $Note
    }
}

# ------------------------------------------------------------------------------------------------- setup

$script:PeerUser = Get-PeerSetting 'FTPLITE_PEER_USER'
$script:PeerPassword = Get-PeerSetting 'FTPLITE_PEER_PASSWORD'
$work = Join-Path $PSScriptRoot ("work/run-{0:yyyyMMdd-HHmmss}-$PID" -f (Get-Date))
$script:Logs = Join-Path $work 'logs'
$servers = [ordered]@{}      # name -> @{ Port; Root; Entry; Owner }
$script:DisplayNames = @{ ftplite = 'FtpLite'; vsftpd = 'vsftpd'; pyftpdlib = 'pyftpdlib'; curl = 'curl'; lftp = 'lftp'; ftplite4 = 'FtpLite -ThrottleLimit 4'; lftp4 = 'lftp --parallel=4' }
$tlsServers = [ordered]@{}   # rows 9 and 9b: FtpLite and vsftpd with explicit TLS required, apart from the plain ones
$tls = $null                 # the throwaway certificate: @{ Pfx; Password; CertPem; KeyPem; Thumbprint }
$info = [ordered]@{}
$rows = [System.Collections.Generic.List[object]]::new()
$details = [System.Collections.Generic.List[string]]::new()
$method = [System.Collections.Generic.List[string]]::new()
$probe = $null
$script:Worker = $null
$script:PssPerConn = @{}
$script:Row6Retries = @{}
$script:ServerDeaths = [System.Collections.Generic.List[string]]::new()

try {
    Write-Step "FtpLite benchmark, $($cfg.Mode) mode; scratch folder $work"

    # Peers: vsftpd, pyftpdlib, curl, lftp and the local user vsftpd serves (tests/peers/install.sh).
    & id -u $script:PeerUser *> $null
    $haveUser = $LASTEXITCODE -eq 0
    & $python -c 'import pyftpdlib' 2> $null
    $havePy = $LASTEXITCODE -eq 0
    if (-not ((Test-Path /usr/sbin/vsftpd) -and $havePy -and $haveUser -and @(Get-Command curl, lftp -ErrorAction Ignore).Count -eq 2)) {
        Write-Step 'Installing the peers (tests/peers/install.sh)'
        $null = Invoke-Checked /bin/bash @((Join-Path $peers 'install.sh')) 900
    }
    $iperf = Get-Command iperf3 -ErrorAction Ignore
    if (-not $iperf) {
        Write-Step 'Installing iperf3 for the loopback ceiling'
        $r = Invoke-Tool /bin/bash @('-c', 'export DEBIAN_FRONTEND=noninteractive; (apt-get install -y -qq iperf3 || (apt-get update -qq && apt-get install -y -qq iperf3)) >/dev/null 2>&1') -TimeoutSec 600
        $iperf = Get-Command iperf3 -ErrorAction Ignore
        if (-not $iperf) { Write-Step 'iperf3 is not available: the loopback ceiling will read "not measured".' }
    }

    $null = New-Item -ItemType Directory -Force $work, $script:Logs, (Join-Path $work 'data'), (Join-Path $work 'client')
    $data = Join-Path $work 'data'
    $client = Join-Path $work 'client'
    $big = Join-Path $data 'big.bin'
    $conc = Join-Path $data 'conc.bin'
    $rt = Join-Path $data 'rt.bin'
    $smallData = Join-Path $data 'small'

    Write-Step "Creating test data: $(Format-Size $cfg.BigBytes) file, $($cfg.SmallCount) x $(Format-Size $cfg.SmallBytes), $($cfg.ListCount) listing entries"
    $null = Invoke-Shell "head -c $($cfg.BigBytes) /dev/urandom > '$big' && head -c $($cfg.ConcBytes) /dev/urandom > '$conc' && head -c 4096 /dev/urandom > '$rt'"
    $null = Invoke-FtpBench @('mkfiles', $smallData, "$($cfg.SmallCount)", "$($cfg.SmallBytes)", '--prefix', 'small-')

    # One root per server. The big files are hard links to one inode, so they share one copy in the page cache.
    foreach ($name in 'ftplite', 'vsftpd', 'pyftpdlib') {
        $root = Join-Path $work "srv/$name"
        $null = New-Item -ItemType Directory -Force $root
        foreach ($dir in 'up', 'conc-up', 'rt', 'up-small-ftplite', 'up-small-ftplite4', 'up-small-lftp') {
            $null = New-Item -ItemType Directory -Force (Join-Path $root $dir)
        }
        $null = Invoke-Shell "ln '$big' '$root/big.bin' && ln '$conc' '$root/conc.bin' && cp -al '$smallData' '$root/small'"
        $null = Invoke-FtpBench @('mkfiles', (Join-Path $root 'list'), "$($cfg.ListCount)", '0', '--prefix', 'entry-')
        $servers[$name] = @{ Root = $root; Port = 0; Entry = $null; Owner = 0 }
    }
    # vsftpd serves as the peer user and writes as it.
    $null = Invoke-Checked chown @('-R', $script:PeerUser, $servers['vsftpd'].Root)
    # Warm the page cache with the big file (it was just written, but make sure).
    $null = Invoke-Shell "cat '$big' '$conc' > /dev/null"

    # Rows 9 and 9b: a throwaway self-signed certificate for 127.0.0.1 (PEM for vsftpd, .pfx for FtpLite), in the
    # scratch folder and so removed with it, and a root per TLS server holding the same big file.
    $tlsDir = Join-Path $work 'tls'
    $null = New-Item -ItemType Directory -Force $tlsDir
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    try {
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=127.0.0.1', $rsa,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        $san.AddIpAddress([System.Net.IPAddress]::Loopback)
        $request.CertificateExtensions.Add($san.Build())
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
        $tls = @{
            Pfx = Join-Path $tlsDir 'server.pfx'; Password = [Guid]::NewGuid().ToString('N')
            CertPem = Join-Path $tlsDir 'server.crt'; KeyPem = Join-Path $tlsDir 'server.key'
            Thumbprint = $certificate.GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)
        }
        [System.IO.File]::WriteAllBytes($tls.Pfx, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $tls.Password))
        [System.IO.File]::WriteAllText($tls.CertPem, $certificate.ExportCertificatePem() + "`n")
        [System.IO.File]::WriteAllText($tls.KeyPem, $rsa.ExportPkcs8PrivateKeyPem() + "`n")
        $null = Invoke-Checked chmod @('600', $tls.KeyPem, $tls.Pfx)
        $certificate.Dispose()
    }
    finally { $rsa.Dispose() }
    foreach ($name in 'ftplite-tls', 'vsftpd-tls') {
        $root = Join-Path $work "srv/$name"
        $null = New-Item -ItemType Directory -Force $root
        $null = Invoke-Shell "ln '$big' '$root/big.bin' && ln '$rt' '$root/rt.bin'"
        $tlsServers[$name] = @{ Root = $root; Port = 0; Entry = $null; Owner = 0 }
    }
    $null = Invoke-Checked chown @('-R', $script:PeerUser, $tlsServers['vsftpd-tls'].Root)

    function Reset-ServerFolder([string] $Server, [string] $Folder) {
        $path = Join-Path $servers[$Server].Root $Folder
        Remove-Item -LiteralPath $path -Recurse -Force -ErrorAction Ignore
        $null = New-Item -ItemType Directory -Force $path
        if ($Server -eq 'vsftpd') { $null = Invoke-Checked chown @($script:PeerUser, $path) }
        $path
    }

    function Reset-LocalFolder([string] $Path) {
        Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction Ignore
        $Path
    }

    # Servers: each in the foreground of its own process, on a free loopback port.
    $launch = Get-PwshLaunch
    $credentialExpression = "([pscredential]::new('$($script:PeerUser -replace "'", "''")', (ConvertTo-SecureString '$($script:PeerPassword -replace "'", "''")' -AsPlainText -Force)))"
    $commands = @{
        ftplite   = {
            param($root, $port)
            @($launch) + @('-NoProfile', '-NonInteractive', '-Command',
                "Import-Module '$($ModulePath -replace "'", "''")'; Start-FtpLiteServer -Root '$($root -replace "'", "''")' -Address 127.0.0.1 -Port $port -Credential $credentialExpression -Wait")
        }
        vsftpd    = { param($root, $port) @('/bin/bash', (Join-Path $peers 'start-vsftpd.sh'), $root, "$port") }
        pyftpdlib = { param($root, $port) @('/bin/bash', (Join-Path $peers 'start-pyftpdlib.sh'), $root, "$port") }
        # Rows 9 and 9b: explicit FTPS, required for log-ins and data on both.
        'ftplite-tls' = {
            param($root, $port)
            @($launch) + @('-NoProfile', '-NonInteractive', '-Command',
                "Import-Module '$($ModulePath -replace "'", "''")'; Start-FtpLiteServer -Root '$($root -replace "'", "''")' -Address 127.0.0.1 -Port $port -Credential $credentialExpression " +
                "-Certificate '$($tls.Pfx -replace "'", "''")' -CertificatePassword (ConvertTo-SecureString '$($tls.Password)' -AsPlainText -Force) -RequireTls -Wait")
        }
        'vsftpd-tls'  = {
            param($root, $port)
            @('/bin/bash', (Join-Path $peers 'start-vsftpd.sh'), $root, "$port", 'ssl_enable=YES', "rsa_cert_file=$($tls.CertPem)",
                "rsa_private_key_file=$($tls.KeyPem)", 'force_local_logins_ssl=YES', 'force_local_data_ssl=YES', 'require_ssl_reuse=YES', 'ssl_ciphers=HIGH')
        }
    }

    function Start-Servers {
        foreach ($name in $servers.Keys) {
            $port = Get-FreePort
            $servers[$name].Port = $port
            $servers[$name].Entry = Start-BenchProcess -Name $name -Command (& $commands[$name] $servers[$name].Root $port) -LogPath (Join-Path $script:Logs "$name-$port.log")
        }
    }

    function Wait-Servers {
        foreach ($name in $servers.Keys) {
            $servers[$name].Owner = Wait-FtpServer -Entry $servers[$name].Entry -Port $servers[$name].Port -TimeoutSec 60
        }
    }

    function Confirm-Server([string] $Name) {
        # A server that died (a crash is a result too) is reported once and started again, so the rows after
        # it still measure.
        $server = if ($servers.Contains($Name)) { $servers[$Name] } else { $tlsServers[$Name] }
        if ($server.Entry -and -not $server.Entry.Process.HasExited) { return }
        $code = if ($server.Entry) { $server.Entry.Process.ExitCode } else { '?' }
        $tail = if ($server.Entry -and (Test-Path $server.Entry.LogPath)) { (Get-Content -Tail 5 $server.Entry.LogPath) -join ' / ' } else { '' }
        $message = "the $Name server process exited with code $code$(if ($tail) { " (log: $tail)" }); started again"
        $script:Failures.Add("server.$Name`: $message")
        $script:ServerDeaths.Add("$Name`: $message")
        Write-Warning $message
        if ($server.Entry) { Stop-BenchProcess $server.Entry }
        $port = Get-FreePort
        $server.Port = $port
        $server.Entry = Start-BenchProcess -Name $Name -Command (& $commands[$Name] $server.Root $port) -LogPath (Join-Path $script:Logs "$Name-$port.log")
        $server.Owner = Wait-FtpServer -Entry $server.Entry -Port $port -TimeoutSec 60
    }

    function Stop-Servers {
        foreach ($name in $servers.Keys) {
            if ($servers[$name].Entry) { Stop-BenchProcess $servers[$name].Entry; $servers[$name].Entry = $null }
        }
    }

    Write-Step 'Starting FtpLite, vsftpd, pyftpdlib and the FtpLite client worker'
    Start-Servers
    $script:Worker = Start-ClientWorker
    Wait-Servers
    foreach ($name in $servers.Keys) { Write-Step ("  {0,-9} port {1}, process {2}" -f $name, $servers[$name].Port, $servers[$name].Owner) }
    $probe = Invoke-Worker @{ op = 'probe' } 120

    # ------------------------------------------------------------------------------ machine and versions
    $cpuModel = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKiB = [long]((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -replace '\D', '')
    $os = (Get-Content /etc/os-release -ErrorAction Ignore | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', ''
    $dpkg = { param($p) $v = & dpkg-query -W -f '${Version}' $p 2>$null; if ($LASTEXITCODE -eq 0 -and $v) { $v } else { 'unknown' } }
    $pyVersion = (& $python -c 'import pyftpdlib, sys; print(pyftpdlib.__ver__, "on Python", sys.version.split()[0])').Trim()
    $curlVersion = ((& curl --version | Select-Object -First 1) -split ' ')[1]
    $lftpVersion = if ("$(& lftp --version | Select-Object -First 1)" -match 'Version ([\d.]+)') { $Matches[1] } else { 'unknown' }
    $commit = (& git -C $repo rev-parse --short HEAD 2>$null)
    $dirty = if (& git -C $repo status --porcelain --untracked-files=no 2>$null) { ' (with uncommitted changes)' } else { '' }

    $info['Mode'] = "$($cfg.Mode): $(Format-Size $cfg.BigBytes) file, $($cfg.SmallCount) x $(Format-Size $cfg.SmallBytes) files, $($cfg.ListCount) listing entries, $($cfg.Clients) concurrent clients with $(Format-Size $cfg.ConcBytes) files; $($cfg.Runs) run(s) per row ($($cfg.ShortRuns) for listings and start-up)"
    $info['Date'] = $startedAt.ToString('yyyy-MM-dd HH:mm zzz', $inv)
    $script:LoadAtStart = (Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '
    $info['Machine'] = "$([Environment]::ProcessorCount) cores ($cpuModel), $([Math]::Round($memKiB / 1MB, 1)) GiB memory, $os, Linux $((& uname -r).Trim())"
    $info['FtpLite'] = "module $($probe.moduleVersion), commit $commit$dirty; PowerShell $($probe.psVersion) on $($probe.dotnet); client progress preference: $($probe.progressPreference)"
    $info['Peers'] = "vsftpd $(& $dpkg vsftpd); pyftpdlib $pyVersion; curl $curlVersion; lftp $lftpVersion"

    # ------------------------------------------------------------------------------ loopback ceiling
    $ceiling = 'not measured (iperf3 unavailable)'
    if ($iperf) {
        Write-Step "Loopback ceiling: iperf3, $($cfg.IperfSeconds) s"
        try {
            $iperfPort = Get-FreePort
            $iperfServer = Start-BenchProcess -Name 'iperf3 server' -Command @($iperf.Source, '-s', '-B', '127.0.0.1', '-p', "$iperfPort", '-1') -LogPath (Join-Path $script:Logs 'iperf3.log')
            $result = $null
            foreach ($try in 1..20) {
                Start-Sleep -Milliseconds 150
                $r = Invoke-Tool $iperf.Source @('-c', '127.0.0.1', '-p', "$iperfPort", '-t', "$($cfg.IperfSeconds)", '-J') -TimeoutSec ($cfg.IperfSeconds + 30)
                if ($r.ExitCode -eq 0) { $result = $r.Stdout | ConvertFrom-Json; break }
            }
            Stop-BenchProcess $iperfServer
            if ($result) {
                $bps = $result.end.sum_received.bits_per_second
                $ceiling = ('{0:0.0} Gbit/s ({1:0} MiB/s), iperf3 {2}, one TCP stream, {3} s' -f ($bps / 1e9), ($bps / 8 / 1MB), (& $dpkg iperf3), $cfg.IperfSeconds)
            }
        }
        catch { $ceiling = "not measured ($($_.Exception.Message))" }
    }
    $info['Loopback ceiling'] = $ceiling
    Write-Step "  $ceiling"

    $bigPath = '/big.bin'
    $vs = $servers['vsftpd'].Port

    # ------------------------------------------------------------------------------ row 7: memory (fresh servers)
    Write-Step "Row 7: memory with $($cfg.Clients) idle logged-in clients"
    foreach ($name in $servers.Keys) {
        $memory = $null
        $null = Measure-Sample "r7.$name" 1 {
            $script:lastMemory = Invoke-FtpBench (@('memory', '--port', "$($servers[$name].Port)", '--clients', "$($cfg.Clients)",
                    '--pid', "$($servers[$name].Owner)", '--settle', "$($cfg.Settle)") + (Get-Login $name))
            $script:lastMemory.rss_per_conn_kib
        }
        if ($script:Samples["r7.$name"][-1].Error -eq $null) {
            $m = $script:lastMemory
            $details.Add(('r7.{0}: idle RSS {1} KiB ({2} process(es)), loaded RSS {3} KiB ({4} processes), {5:0.0} KiB/conn RSS, {6:0.0} KiB/conn PSS' -f
                    $name, $m.idle.rss_kib, $m.idle.processes, $m.loaded.rss_kib, $m.loaded.processes, $m.rss_per_conn_kib, $m.pss_per_conn_kib))
            $script:PssPerConn[$name] = $m.pss_per_conn_kib
            Write-Step ("  {0,-9} {1:0.0} KiB per connection (RSS), {2:0.0} KiB (PSS)" -f $name, $m.rss_per_conn_kib, $m.pss_per_conn_kib)
        }
    }

    # ------------------------------------------------------------------------------ row 1: server download
    Write-Step "Row 1: server download, $(Format-Size $cfg.BigBytes), curl -o /dev/null"
    foreach ($run in 1..$cfg.Runs) {
        foreach ($name in $servers.Keys) {
            Confirm-Server $name
            $s = Measure-Sample "r1.$name" $run {
                $c = Invoke-Curl -Port $servers[$name].Port -RemotePath $bigPath
                if ($c.Download -ne $cfg.BigBytes) { throw "curl received $($c.Download) of $($cfg.BigBytes) bytes from $name." }
                $c.Seconds
            }
            if ($s) { Write-Step ("  run {0} {1,-9} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
        }
    }

    # ------------------------------------------------------------------------------ row 2: server upload
    Write-Step "Row 2: server upload, $(Format-Size $cfg.BigBytes), curl -T"
    foreach ($run in 1..$cfg.Runs) {
        foreach ($name in $servers.Keys) {
            Confirm-Server $name
            $up = Reset-ServerFolder $name 'up'
            $null = Invoke-Checked sync @()
            $s = Measure-Sample "r2.$name" $run {
                $c = Invoke-Curl -Port $servers[$name].Port -RemotePath "/up/big-$run.bin" -Upload $big
                if ($c.Upload -ne $cfg.BigBytes) { throw "curl sent $($c.Upload) of $($cfg.BigBytes) bytes to $name." }
                if ($run -eq 1) { Assert-SameContent $big (Join-Path $up "big-$run.bin") "upload to $name" }
                else { Assert-Length (Join-Path $up "big-$run.bin") $cfg.BigBytes "upload to $name" }
                $c.Seconds
            }
            if ($s) { Write-Step ("  run {0} {1,-9} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
            $null = Reset-ServerFolder $name 'up'
        }
    }

    # ------------------------------------------------------------------------------ row 3: client transfers
    Write-Step "Row 3: client download and upload, $(Format-Size $cfg.BigBytes), against vsftpd (progress on)"
    $warmup = New-WorkerRequest 'warmup' $vs @{ listDir = '/list'; smallDir = '/small'; local = $rt; remote = '/rt/warm.bin'
        download = (Join-Path $client 'warm.bin'); smallLocal = (Join-Path $client 'warm-small')
    }
    $null = Invoke-Worker $warmup 300
    $dl = Join-Path $client 'dl.bin'
    foreach ($run in 1..$cfg.Runs) {
        Confirm-Server vsftpd
        $vs = $servers['vsftpd'].Port
        # Alternate who goes first, so drift within a run favours neither.
        $order = if ($run % 2) { 'ftplite', 'curl' } else { 'curl', 'ftplite' }
        foreach ($who in $order) {
            Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
            $null = Invoke-Checked sync @()
            $s = Measure-Sample "r3d.$who" $run {
                $seconds = if ($who -eq 'ftplite') {
                    (Invoke-Worker (New-WorkerRequest 'download' $vs @{ remote = $bigPath; local = $dl })).seconds
                }
                else { (Invoke-Curl -Port $vs -RemotePath $bigPath -Output $dl).Seconds }
                if ($run -eq 1) { Assert-SameContent $big $dl "download by $who" } else { Assert-Length $dl $cfg.BigBytes "download by $who" }
                $seconds
            }
            if ($s) { Write-Step ("  run {0} download {1,-8} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
        }
        Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
        foreach ($who in $order) {
            $up = Reset-ServerFolder 'vsftpd' 'up'
            $null = Invoke-Checked sync @()
            $s = Measure-Sample "r3u.$who" $run {
                $seconds = if ($who -eq 'ftplite') {
                    (Invoke-Worker (New-WorkerRequest 'upload' $vs @{ local = $big; remote = "/up/$who.bin" })).seconds
                }
                else { (Invoke-Curl -Port $vs -RemotePath "/up/$who.bin" -Upload $big).Seconds }
                if ($run -eq 1) { Assert-SameContent $big (Join-Path $up "$who.bin") "upload by $who" } else { Assert-Length (Join-Path $up "$who.bin") $cfg.BigBytes "upload by $who" }
                $seconds
            }
            if ($s) { Write-Step ("  run {0} upload   {1,-8} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
        }
        $null = Reset-ServerFolder 'vsftpd' 'up'
    }

    # ------------------------------------------------------------------------------ row 4: many small files
    Write-Step "Row 4: $($cfg.SmallCount) files of $(Format-Size $cfg.SmallBytes) against vsftpd"
    $throttle = $probe.throttleSend -and $probe.throttleReceive
    # lftp4 is not a target: lftp's own four-connection mirror shows what four connections can give on this machine.
    $downWho = @('ftplite', 'lftp') + $(if ($throttle) { 'ftplite4', 'lftp4' })
    foreach ($run in 1..$cfg.Runs) {
        Confirm-Server vsftpd
        $vs = $servers['vsftpd'].Port
        $order = if ($run % 2) { $downWho } else { $downWho[($downWho.Count - 1)..0] }
        foreach ($who in $order) {
            $local = Reset-LocalFolder (Join-Path $client "small-$who")
            $s = Measure-Sample "r4d.$who" $run {
                $seconds = switch ($who) {
                    'lftp' { Invoke-Lftp $vs "mirror /small '$local'" }
                    'lftp4' { Invoke-Lftp $vs "mirror --parallel=4 /small '$local'" }
                    'ftplite' { (Invoke-Worker (New-WorkerRequest 'mirror-down' $vs @{ remote = '/small'; local = $local })).seconds }
                    'ftplite4' { (Invoke-Worker (New-WorkerRequest 'mirror-down' $vs @{ remote = '/small'; local = $local; throttle = 4 })).seconds }
                }
                Assert-Folder $local $cfg.SmallCount $cfg.SmallBytes "download by $who"
                $seconds
            }
            if ($s) { Write-Step ("  run {0} download {1,-8} {2}" -f $run, $who, (Format-Seconds $s)) }
            $null = Reset-LocalFolder $local
        }
        foreach ($who in $order) {
            $folder = "up-small-$who"
            $remote = Reset-ServerFolder 'vsftpd' $folder
            $s = Measure-Sample "r4u.$who" $run {
                $seconds = switch ($who) {
                    'lftp' { Invoke-Lftp $vs "mirror -R '$smallData' /$folder" }
                    'lftp4' { Invoke-Lftp $vs "mirror -R --parallel=4 '$smallData' /$folder" }
                    'ftplite' { (Invoke-Worker (New-WorkerRequest 'mirror-up' $vs @{ local = $smallData; remote = "/$folder" })).seconds }
                    'ftplite4' { (Invoke-Worker (New-WorkerRequest 'mirror-up' $vs @{ local = $smallData; remote = "/$folder"; throttle = 4 })).seconds }
                }
                Assert-Folder $remote $cfg.SmallCount $cfg.SmallBytes "upload by $who"
                $seconds
            }
            if ($s) { Write-Step ("  run {0} upload   {1,-8} {2}" -f $run, $who, (Format-Seconds $s)) }
            $null = Reset-ServerFolder 'vsftpd' $folder
        }
    }

    # ------------------------------------------------------------------------------ row 5: listings
    Write-Step "Row 5: listing $($cfg.ListCount) entries (LIST by curl, MLSD by ftplib, Get-FtpLiteItem)"
    foreach ($run in 1..$cfg.ShortRuns) {
        foreach ($name in $servers.Keys) {
            Confirm-Server $name
            $out = Join-Path $client "list-$name.txt"
            $null = Measure-Sample "r5l.$name" $run { Measure-CurlListing $name $servers[$name].Port $out }
            if ($name -ne 'vsftpd') {
                $null = Measure-Sample "r5m.$name" $run {
                    $m = Invoke-FtpBench (@('mlsd', '--port', "$($servers[$name].Port)", '--dir', '/list') + (Get-Login $name))
                    if ($m.count -ne $cfg.ListCount) { throw "MLSD from $name had $($m.count) entries, expected $($cfg.ListCount)." }
                    $m.seconds
                }
            }
        }
        # Row 5c: the client and curl against vsftpd back to back, taking turns to go first (as rows 3 and 4 do),
        # so neither always follows the same other work.
        $vs = $servers['vsftpd'].Port
        $out = Join-Path $client 'list-client-curl.txt'
        foreach ($who in $(if ($run % 2) { 'ftplite', 'curl' } else { 'curl', 'ftplite' })) {
            $null = Measure-Sample "r5c.$who" $run {
                if ($who -eq 'curl') { return Measure-CurlListing 'vsftpd' $vs $out }
                $l = Invoke-Worker (New-WorkerRequest 'list' $vs @{ remote = '/list' })
                if ($l.count -ne $cfg.ListCount) { throw "Get-FtpLiteItem returned $($l.count) items, expected $($cfg.ListCount)." }
                $l.seconds
            }
        }
    }
    foreach ($key in 'r5l.ftplite', 'r5l.vsftpd', 'r5l.pyftpdlib', 'r5m.ftplite', 'r5m.pyftpdlib', 'r5c.ftplite', 'r5c.curl') {
        Write-Step ("  {0,-14} {1}" -f $key, (Format-Sample $key 0))
    }

    # ------------------------------------------------------------------------------ row 6: concurrency
    Write-Step "Row 6: $($cfg.Clients) concurrent clients (log in, RETR and STOR of $(Format-Size $cfg.ConcBytes))"
    foreach ($run in 1..$cfg.Runs) {
        foreach ($name in $servers.Keys) {
            Confirm-Server $name
            $upDir = Reset-ServerFolder $name 'conc-up'
            $null = Invoke-Checked sync @()
            $script:lastBench = $null
            $null = Measure-Sample "r6login.$name" $run {
                $script:lastBench = Invoke-FtpBench (@('concurrency', '--port', "$($servers[$name].Port)", '--clients', "$($cfg.Clients)",
                        '--retr', 'conc.bin', '--retr-size', "$($cfg.ConcBytes)", '--size', "$($cfg.ConcBytes)", '--stor-dir', 'conc-up',
                        '--verify-dir', $upDir, '--phase-timeout', "$($cfg.ToolTimeout)") + $(if ($run -eq 1) { '--check-content' }) + (Get-Login $name))
                $script:lastBench.login_s
            }
            $b = $script:lastBench
            $null = Measure-Sample "r6retr.$name" $run { if (-not $b) { throw 'see the login phase' }; $b.retr_s }
            $null = Measure-Sample "r6stor.$name" $run { if (-not $b) { throw 'see the login phase' }; $b.stor_s }
            if ($b) {
                Write-Step ("  run {0} {1,-9} login {2}, RETR {3}, STOR {4}; {5} connection(s) retried" -f $run, $name, (Format-Seconds $b.login_s), (Format-Seconds $b.retr_s), (Format-Seconds $b.stor_s), $b.login_retries)
                if ($b.login_retries) {
                    $details.Add("r6.$name run $run`: $($b.login_retries) connection(s) got no greeting within $($b.greeting_timeout) s and were opened again")
                    if (-not $script:Row6Retries.ContainsKey($name)) { $script:Row6Retries[$name] = [System.Collections.Generic.List[int]]::new() }
                    $script:Row6Retries[$name].Add([int]$b.login_retries)
                }
            }
            $null = Reset-ServerFolder $name 'conc-up'
        }
    }

    # ------------------------------------------------------------------------------ row 8: start-up
    Write-Step 'Row 8: start-up: fresh pwsh with Import-Module, Connect-FtpLite and a 4 KiB round trip, vs curl'
    $rtDown = Join-Path $client 'rt-down.bin'
    foreach ($run in 1..$cfg.ShortRuns) {
        Confirm-Server vsftpd
        $vs = $servers['vsftpd'].Port
        $times = @{}
        $times.pwsh = Measure-Sample 'r8.pwsh' $run {
            (Invoke-Checked $launch[0] (@($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', 'exit 0')) 120).Seconds
        }
        foreach ($who in 'ftplite', 'curl') {
            Remove-Item -LiteralPath $rtDown -Force -ErrorAction Ignore
            $times[$who] = Measure-Sample "r8.$who" $run {
                $seconds = if ($who -eq 'ftplite') {
                    $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'StartupRoundTrip.ps1'),
                        '-ModulePath', $ModulePath, '-Port', "$vs", '-User', $script:PeerUser, '-Password', $script:PeerPassword,
                        '-Local', $rt, '-Remote', '/rt/ftplite.bin', '-Download', $rtDown)
                    (Invoke-Checked $launch[0] $arguments 120).Seconds
                }
                else {
                    $url = "ftp://127.0.0.1:$vs/rt/curl.bin"
                    $login = "${script:PeerUser}:$script:PeerPassword"
                    (Invoke-Checked curl @('-sS', '--max-time', '60', '-u', $login, '-T', $rt, $url, '--next', '-sS', '--max-time', '60', '-u', $login, '-o', $rtDown, $url) 90).Seconds
                }
                Assert-SameContent $rt $rtDown "round trip by $who"
                $seconds
            }
        }
        Write-Step ("  run {0} FtpLite {1}, curl {2}, empty pwsh {3}" -f $run, (Format-Seconds ([double]$times.ftplite)),
            (Format-Seconds ([double]$times.curl)), (Format-Seconds ([double]$times.pwsh)))
    }

    # ------------------------------------------------------------------------------ row 10: Import-Module
    Write-Step 'Row 10: Import-Module in a fresh pwsh (Stopwatch around it), FtpLite vs an empty module'
    # The empty module (a manifest that exports nothing) is the floor: what PowerShell's own module machinery costs
    # the first time a process imports anything. They take turns to go first.
    $emptyModule = Join-Path $work 'empty-module/EmptyModule.psd1'
    $null = New-Item -ItemType Directory -Force (Split-Path -Parent $emptyModule)
    Set-Content -LiteralPath $emptyModule -Value "@{ ModuleVersion = '1.0.0'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
    foreach ($run in 1..$cfg.ShortRuns) {
        $order = if ($run % 2) { 'ftplite', 'empty' } else { 'empty', 'ftplite' }
        $times = @{}
        foreach ($who in $order) {
            $times[$who] = Measure-Sample "r10.$who" $run {
                $path = if ($who -eq 'ftplite') { $ModulePath } else { $emptyModule }
                $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'ImportModuleTime.ps1'), '-ModulePath', $path)
                [double]::Parse((Invoke-Checked $launch[0] $arguments 120).Stdout.Trim(), $inv)
            }
        }
        Write-Step ("  run {0} Import-Module FtpLite {1:0} ms, empty module {2:0} ms" -f $run, [double]$times.ftplite, [double]$times.empty)
    }

    # ------------------------------------------------------------------------------ rows 9, 9b: FTPS
    if ($probe.encryption) {
        Write-Step "Rows 9 and 9b: FTPS (explicit TLS), $(Format-Size $cfg.BigBytes): server download with curl --ssl-reqd, client download from vsftpd"
        # Their own server instances, started now and stopped after, so the plain rows never share the machine
        # with them. A set-up step that fails makes the samples that depend on it fail: the server's own (and for
        # vsftpd, all of row 9b), or FtpLite's client in row 9b.
        $tlsBroken = @{}
        foreach ($name in $tlsServers.Keys) {
            try {
                $port = Get-FreePort
                $tlsServers[$name].Port = $port
                $tlsServers[$name].Entry = Start-BenchProcess -Name $name -Command (& $commands[$name] $tlsServers[$name].Root $port) -LogPath (Join-Path $script:Logs "$name-$port.log")
            }
            catch { $tlsBroken[$name] = "FTPS set-up of $name failed: $($_.Exception.Message)" }
        }
        # Untimed: a 4 KiB TLS download from each server with curl and from vsftpd with the client worker, which
        # shows that TLS works end to end and warms the handshake and the encrypted data paths.
        $warm = Join-Path $client 'tls-warm.bin'
        foreach ($name in $tlsServers.Keys) {
            if ($tlsBroken.ContainsKey($name)) { continue }
            try {
                $tlsServers[$name].Owner = Wait-FtpServer -Entry $tlsServers[$name].Entry -Port $tlsServers[$name].Port -TimeoutSec 60
                Write-Step ("  {0,-11} port {1}, process {2}" -f $name, $tlsServers[$name].Port, $tlsServers[$name].Owner)
                Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
                $null = Invoke-Curl -Port $tlsServers[$name].Port -RemotePath '/rt.bin' -Output $warm -Tls
                Assert-SameContent $rt $warm "TLS warm-up download by curl from $name"
            }
            catch { $tlsBroken[$name] = "FTPS set-up of $name failed: $($_.Exception.Message)" }
        }
        if (-not $tlsBroken.ContainsKey('vsftpd-tls')) {
            try {
                Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
                $null = Invoke-Worker (New-WorkerRequest 'download' $tlsServers['vsftpd-tls'].Port @{ remote = '/rt.bin'; local = $warm; encryption = 'Explicit'; thumbprint = $tls.Thumbprint }) 120
                Assert-SameContent $rt $warm 'TLS warm-up download by FtpLite from vsftpd-tls'
            }
            catch { $tlsBroken['client'] = "FTPS warm-up of FtpLite's client failed: $($_.Exception.Message)" }
        }
        Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
        foreach ($why in $tlsBroken.Values) { Write-Warning $why }

        # Row 9: the servers, as row 1 (curl's time_total, to /dev/null), with TLS.
        foreach ($run in 1..$cfg.Runs) {
            foreach ($name in $tlsServers.Keys) {
                $who = $name -replace '-tls$'
                if (-not $tlsBroken.ContainsKey($name)) { Confirm-Server $name }
                $s = Measure-Sample "r9.$who" $run {
                    if ($tlsBroken.ContainsKey($name)) { throw $tlsBroken[$name] }
                    $c = Invoke-Curl -Port $tlsServers[$name].Port -RemotePath $bigPath -Tls
                    if ($c.Download -ne $cfg.BigBytes) { throw "curl received $($c.Download) of $($cfg.BigBytes) bytes from $name." }
                    $c.Seconds
                }
                if ($s) { Write-Step ("  run {0} server   {1,-11} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
            }
        }

        # Row 9b: the client, as row 3a, against vsftpd with TLS (require_ssl_reuse=YES: the data connection must
        # resume the control connection's TLS session).
        $dl = Join-Path $client 'dl-tls.bin'
        foreach ($run in 1..$cfg.Runs) {
            if (-not $tlsBroken.ContainsKey('vsftpd-tls')) { Confirm-Server 'vsftpd-tls' }
            $vsTls = $tlsServers['vsftpd-tls'].Port
            $order = if ($run % 2) { 'ftplite', 'curl' } else { 'curl', 'ftplite' }
            foreach ($who in $order) {
                # Without the server, FtpLite's client is not measured (the row says "peer failed"); curl's sample
                # carries the error.
                if ($who -eq 'ftplite' -and $tlsBroken.ContainsKey('vsftpd-tls')) { continue }
                Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
                $null = Invoke-Checked sync @()
                $s = Measure-Sample "r9b.$who" $run {
                    if ($tlsBroken.ContainsKey('vsftpd-tls')) { throw $tlsBroken['vsftpd-tls'] }
                    if ($who -eq 'ftplite' -and $tlsBroken.ContainsKey('client')) { throw $tlsBroken['client'] }
                    $seconds = if ($who -eq 'ftplite') {
                        (Invoke-Worker (New-WorkerRequest 'download' $vsTls @{ remote = $bigPath; local = $dl; encryption = 'Explicit'; thumbprint = $tls.Thumbprint })).seconds
                    }
                    else { (Invoke-Curl -Port $vsTls -RemotePath $bigPath -Output $dl -Tls).Seconds }
                    if ($run -eq 1) { Assert-SameContent $big $dl "TLS download by $who" } else { Assert-Length $dl $cfg.BigBytes "TLS download by $who" }
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} client   {1,-11} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
            }
        }
        Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
        foreach ($name in $tlsServers.Keys) {
            if ($tlsServers[$name].Entry) { Stop-BenchProcess $tlsServers[$name].Entry; $tlsServers[$name].Entry = $null }
        }
    }
}
catch {
    $script:Failures.Add("harness: $($_.Exception.Message)")
    Write-Warning "The benchmark stopped early: $($_.Exception.Message)`n$($_.ScriptStackTrace)"
}
finally {
    try {
        if ($script:Worker -and -not $script:Worker.Process.HasExited) {
            $script:Worker.Process.StandardInput.Close()
            $null = $script:Worker.Process.WaitForExit(5000)
        }
    }
    catch { $null = $_ }
    Stop-AllBenchProcesses
    if ($KeepWork) { Write-Step "Kept $work" }
    elseif (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Continue }
    $scratch = Split-Path -Parent $work
    if ((Test-Path -LiteralPath $scratch) -and -not (Get-ChildItem -LiteralPath $scratch -Force)) { Remove-Item -LiteralPath $scratch -Force }
}

# ------------------------------------------------------------------------------------------- the report

$bytes = $cfg.BigBytes
$size = Format-Size $cfg.BigBytes
$rows.Add((New-ComparisonRow -Id '1' -Title "Server download, $size (curl -o /dev/null)" -ChartLabel 'server download vs vsftpd' `
            -FtpLite 'r1.ftplite' -Reference 'r1.vsftpd' -Others 'r1.pyftpdlib' -Bytes $bytes -Target 0.9 -TargetText '≥ 0.9× vsftpd'))
$rows.Add((New-ComparisonRow -Id '2' -Title "Server upload, $size (curl -T)" -ChartLabel 'server upload vs vsftpd' `
            -FtpLite 'r2.ftplite' -Reference 'r2.vsftpd' -Others 'r2.pyftpdlib' -Bytes $bytes -Target 0.95 -TargetText '≥ 0.95× vsftpd'))
$rows.Add((New-ComparisonRow -Id '3a' -Title "Client download, $size from vsftpd: Receive-FtpLiteFile vs curl -o file" -ChartLabel 'client download vs curl' `
            -FtpLite 'r3d.ftplite' -Reference 'r3d.curl' -Bytes $bytes -Target 0.9 -TargetText '≥ 0.9× curl'))
$rows.Add((New-ComparisonRow -Id '3b' -Title "Client upload, $size to vsftpd: Send-FtpLiteFile vs curl -T" -ChartLabel 'client upload vs curl' `
            -FtpLite 'r3u.ftplite' -Reference 'r3u.curl' -Bytes $bytes -Target 0.9 -TargetText '≥ 0.9× curl'))
$smallTitle = "$($cfg.SmallCount) × $(Format-Size $cfg.SmallBytes)"
$rows.Add((New-ComparisonRow -Id '4a' -Title "$smallTitle download from vsftpd: Get-FtpLiteItem | Receive-FtpLiteFile vs lftp mirror" -ChartLabel 'small files download vs lftp' `
            -FtpLite 'r4d.ftplite' -Reference 'r4d.lftp' -Target 1.0 -TargetText '≥ 1.0× lftp'))
$rows.Add((New-ComparisonRow -Id '4b' -Title "$smallTitle upload to vsftpd: Get-ChildItem | Send-FtpLiteFile vs lftp mirror -R" -ChartLabel 'small files upload vs lftp' `
            -FtpLite 'r4u.ftplite' -Reference 'r4u.lftp' -Target 1.0 -TargetText '≥ 1.0× lftp'))
if ($probe -and $probe.throttleSend -and $probe.throttleReceive) {
    $rows.Add((New-ComparisonRow -Id '4c' -Title "$smallTitle download, -ThrottleLimit 4, vs lftp mirror" -ChartLabel 'small files download, 4 at once' `
                -FtpLite 'r4d.ftplite4' -Reference 'r4d.lftp' -Others 'r4d.lftp4' -Target 2.0 -TargetText '≥ 2× lftp'))
    $rows.Add((New-ComparisonRow -Id '4d' -Title "$smallTitle upload, -ThrottleLimit 4, vs lftp mirror -R" -ChartLabel 'small files upload, 4 at once' `
                -FtpLite 'r4u.ftplite4' -Reference 'r4u.lftp' -Others 'r4u.lftp4' -Target 2.0 -TargetText '≥ 2× lftp'))
}
else {
    $why = 'not available'
    $note = 'Send-FtpLiteFile and Receive-FtpLiteFile have no -ThrottleLimit parameter yet.'
    $rows.Add((New-PlaceholderRow '4c' "$smallTitle download, -ThrottleLimit 4, vs lftp mirror" 'small files download, 4 at once' "lftp: $(Format-Sample 'r4d.lftp' 0)" 2.0 '≥ 2× lftp' $why $note))
    $rows.Add((New-PlaceholderRow '4d' "$smallTitle upload, -ThrottleLimit 4, vs lftp mirror -R" 'small files upload, 4 at once' "lftp: $(Format-Sample 'r4u.lftp' 0)" 2.0 '≥ 2× lftp' $why))
}
$listTitle = "$($cfg.ListCount) entries"
$rows.Add((New-ComparisonRow -Id '5a' -Title "Server LIST, $listTitle (curl)" -ChartLabel 'server LIST vs vsftpd' `
            -FtpLite 'r5l.ftplite' -Reference 'r5l.vsftpd' -Others 'r5l.pyftpdlib' -Target 1.0 -TargetText '≥ 1.0× (no slower)'))
$rows.Add((New-ComparisonRow -Id '5b' -Title "Server MLSD, $listTitle (ftplib)" -ChartLabel 'server MLSD vs pyftpdlib' `
            -FtpLite 'r5m.ftplite' -Reference 'r5m.pyftpdlib' -ReferencePrefix 'vsftpd: n/a (no MLSD); ' -Target 1.0 -TargetText '≥ 1.0× (no slower)' `
            -Note 'vsftpd has no MLSD, so the ratio is against pyftpdlib.'))
$rows.Add((New-ComparisonRow -Id '5c' -Title "Client listing of $listTitle on vsftpd: Get-FtpLiteItem vs curl (LIST)" -ChartLabel 'client listing vs curl' `
            -FtpLite 'r5c.ftplite' -Reference 'r5c.curl' -Target 1.0 -TargetText '≥ 1.0× (no slower)'))
$concTitle = "$($cfg.Clients) clients"
$concFile = Format-Size $cfg.ConcBytes
$retryNote = ($script:Row6Retries.Keys | Sort-Object | ForEach-Object {
        "$($script:DisplayNames[$_]) left up to $(($script:Row6Retries[$_] | Measure-Object -Maximum).Maximum) of $($cfg.Clients) connections per run without a greeting (in $($script:Row6Retries[$_].Count) of $($cfg.Runs) runs)"
    }) -join '; '
if ($retryNote) {
    $retryNote = "$retryNote. A burst of connections overflows a small listen backlog (vsftpd's is 32); Linux's SYN cookies then complete connections the server never accepts. The client gives up on a silent connection after 3 s and connects again, and that wait counts in the log-in time."
}
foreach ($phase in @(
        @{ Id = '6a'; Key = 'login'; Title = 'connect and log in'; Chart = 'log in' },
        @{ Id = '6b'; Key = 'retr'; Title = "RETR of $concFile each"; Chart = 'RETR' },
        @{ Id = '6c'; Key = 'stor'; Title = "STOR of $concFile each"; Chart = 'STOR' })) {
    $k = "r6$($phase.Key)"
    $rows.Add((New-ComparisonRow -Id $phase.Id -Title "$concTitle at once: $($phase.Title) (time until all are done)" `
                -ChartLabel "$concTitle at once: $($phase.Chart)" -FtpLite "$k.ftplite" -Reference "$k.vsftpd", "$k.pyftpdlib" `
                -Target 1.0 -TargetText '≥ 1.0× the faster peer' -Note $(if ($phase.Key -eq 'login') { $retryNote } else { '' })))
}

# Row 7: an absolute budget; the bar shows budget / FtpLite.
$memFtp = Get-SampleMedian 'r7.ftplite'
$memErrors = @(Get-SampleErrors 'r7.ftplite')
$pssText = { param($n) if ($script:PssPerConn.ContainsKey($n)) { (' (PSS {0:0.0})' -f $script:PssPerConn[$n]) } else { '' } }
$memRatio = if ($null -ne $memFtp) { 64 / [Math]::Max($memFtp, 0.5) } else { $null }
$rows.Add([pscustomobject]@{
        Id = '7'; Title = "Server memory per idle logged-in connection ($($cfg.Clients) clients, VmRSS delta)"; ChartLabel = 'memory per connection (64 KiB ÷ FtpLite)'
        FtpLite = "$(Format-Sample 'r7.ftplite' 0 'KiB')$(& $pssText 'ftplite')"
        Reference = "vsftpd: $(Format-Sample 'r7.vsftpd' 0 'KiB')$(& $pssText 'vsftpd') (session processes summed)"
        Others = "pyftpdlib: $(Format-Sample 'r7.pyftpdlib' 0 'KiB')$(& $pssText 'pyftpdlib')"
        Ratio = $memRatio; RatioText = $(if ($null -ne $memRatio) { "$(Format-Ratio $memRatio) of budget" } else { 'n/a' })
        Target = 1.0; TargetText = '< 64 KiB/conn'
        Status = $(if ($memErrors) { 'FAIL' } elseif ($null -eq $memFtp) { 'not measured' } elseif ($memFtp -lt 64) { 'met' } else { 'missed' })
        Note = $(if ($memErrors) { "FtpLite failed: $($memErrors -join ' | ')" } else { '' })
    })
$pwshMedian = Get-SampleMedian 'r8.pwsh'
$rows.Add((New-ComparisonRow -Id '8' -Title 'Start-up: fresh pwsh, Import-Module, Connect-FtpLite, 4 KiB up + down (vsftpd) vs curl up + down' -ChartLabel 'start-up round trip vs curl' `
            -FtpLite 'r8.ftplite' -Reference 'r8.curl' -TargetText '— (no target)' `
            -Note $(if ($null -ne $pwshMedian) { "An empty ``pwsh -NoProfile -Command exit 0`` takes $(Format-Seconds $pwshMedian) of that on this machine." })))
if ($probe -and $probe.encryption) {
    $plain = if ($null -ne (Get-SampleMedian 'r1.ftplite') -and $null -ne (Get-SampleMedian 'r1.vsftpd')) {
        "Without TLS (row 1): FtpLite $(Format-Sample 'r1.ftplite' $bytes), vsftpd $(Format-Sample 'r1.vsftpd' $bytes)."
    }
    $rows.Add((New-ComparisonRow -Id '9' -Title "FTPS server download, $size`: curl --ssl-reqd -k -o /dev/null from FtpLite (TLS, -RequireTls) vs vsftpd (TLS)" `
                -ChartLabel 'FTPS server download vs vsftpd' -FtpLite 'r9.ftplite' -Reference 'r9.vsftpd' -Names @{ 'r9.vsftpd' = 'vsftpd (TLS)' } `
                -Bytes $bytes -TargetText '— (no target)' -Note $plain))
    $plain = if ($null -ne (Get-SampleMedian 'r3d.ftplite') -and $null -ne (Get-SampleMedian 'r3d.curl')) {
        "Without TLS (row 3a): FtpLite $(Format-Sample 'r3d.ftplite' $bytes), curl $(Format-Sample 'r3d.curl' $bytes)."
    }
    $rows.Add((New-ComparisonRow -Id '9b' -Title "FTPS client download, $size from vsftpd (TLS, require_ssl_reuse=YES): Receive-FtpLiteFile (Connect-FtpLite -Encryption Explicit) vs curl --ssl-reqd -o file" `
                -ChartLabel 'FTPS client download vs curl' -FtpLite 'r9b.ftplite' -Reference 'r9b.curl' -Names @{ 'r9b.curl' = 'curl (TLS)' } `
                -Bytes $bytes -TargetText '— (no target)' -Note $plain))
}
else {
    $rows.Add((New-PlaceholderRow '9' "FTPS server download, $size`: FtpLite vs vsftpd, both TLS" 'FTPS server download vs vsftpd' 'vsftpd (TLS)' $null '—' 'not available' `
            'Connect-FtpLite has no -Encryption parameter in this build.'))
    $rows.Add((New-PlaceholderRow '9b' "FTPS client download, $size from vsftpd (TLS): Receive-FtpLiteFile vs curl" 'FTPS client download vs curl' 'curl (TLS)' $null '—' 'not available'))
}

# Row 10: an absolute budget, like row 7; the bar shows budget / FtpLite.
$importFtp = Get-SampleMedian 'r10.ftplite'
$importEmpty = Get-SampleMedian 'r10.empty'
$importErrors = @(Get-SampleErrors 'r10.ftplite')
$importRatio = if ($null -ne $importFtp) { 150 / [Math]::Max($importFtp, 1) } else { $null }
$rows.Add([pscustomobject]@{
        Id = '10'; Title = 'Import-Module FtpLite in a fresh pwsh -NoProfile (Stopwatch around Import-Module)'; ChartLabel = 'Import-Module (150 ms ÷ FtpLite)'
        FtpLite = $(if ($null -ne $importFtp) { '{0:0} ms' -f $importFtp } elseif ($importErrors) { 'failed' } else { 'not measured' })
        Reference = "empty module: $(if ($null -ne $importEmpty) { '{0:0} ms' -f $importEmpty } else { 'not measured' })"
        Others = ''
        Ratio = $importRatio; RatioText = $(if ($null -ne $importRatio) { "$(Format-Ratio $importRatio) of budget" } else { 'n/a' })
        Target = 1.0; TargetText = '< 150 ms'
        Status = $(if ($importErrors) { 'FAIL' } elseif ($null -eq $importFtp) { 'not measured' } elseif ($importFtp -lt 150) { 'met' } else { 'missed' })
        Note = $(if ($importErrors) { "FtpLite failed: $($importErrors -join ' | ')" } else { "The empty module (a manifest that exports nothing) is what PowerShell's own module machinery costs the first import of a process; FtpLite's own share is the difference." })
    })

foreach ($key in $script:Samples.Keys) {
    $parts = foreach ($s in $script:Samples[$key]) {
        if ($s.Error) { "run $($s.Run): ERROR $($s.Error)" } else { "run $($s.Run): $($s.Value.ToString('0.######', $inv))" }
    }
    $details.Add("$key  $($parts -join ', ')")
}

$method.AddRange([string[]]@(
        "Everything on 127.0.0.1; every server in the foreground of its own process on a free port, stopped at the end. FtpLite's server is ``Start-FtpLiteServer -Wait`` in its own pwsh process with shipped defaults; vsftpd and pyftpdlib are started by tests/peers (vsftpd with a private config, max_per_ip=0 and max_clients=0). All three serve the same local user and password; TLS is off everywhere except in rows 9 and 9b.",
        'Rows 1 and 5a time curl with its own timer (time_total: connect, log in, transfer); uploads (rows 2 and 3b) time the whole curl process, because time_total ends when the data is handed to the socket, before the server has it all and answers 226. The 1 GiB file is one page-cached inode hard-linked into every root, and downloads go to /dev/null. Uploads are removed (and `sync` run) between runs.',
        'Rows 3, 4 and 5c run the FtpLite cmdlets in one long-lived non-interactive pwsh (bench/ClientWorker.ps1) with progress left on; each timed operation includes Connect-FtpLite and Disconnect-FtpLite, and a warm-up request runs first (cold start is row 8). curl writes the download to a file as Receive-FtpLiteFile does; lftp is timed as a whole process with ftp:ssl-allow off and otherwise default settings (mirror: one transfer at a time). Rows 4c and 4d also show the four-connection mirror of lftp (mirror --parallel=4) beside the target, as a measure of what four connections can give on this machine. In row 5c, curl lists the folder from vsftpd right before or right after the client does (they take turns), apart from its row 5a sample.',
        "Row 5b times ftplib's connect, login, MLSD and QUIT inside Python; row 6 is bench/ftpbench.py: one thread per client, ftplib with 8 KiB blocks, each phase started for all clients at the same instant and timed until the last one finishes.",
        'Row 7 reads VmRSS from /proc of the process holding the listening port (and, for vsftpd, of all its session processes) after one warm-up session, then with every client logged in and idle; PSS (shared pages split between processes) is shown in brackets.',
        'Row 8 times whole processes from outside: a fresh pwsh running bench/StartupRoundTrip.ps1 against vsftpd, and one curl command doing the upload and the download (--next).',
        "Rows 9 and 9b use their own FtpLite and vsftpd instances with explicit TLS required for log-ins and data (Start-FtpLiteServer -Certificate -RequireTls; vsftpd ssl_enable, force_local_logins_ssl, force_local_data_ssl, require_ssl_reuse, ssl_ciphers=HIGH), started after row 8 with a throwaway self-signed RSA 2048 certificate for 127.0.0.1 and stopped afterwards. Row 9 is row 1 with curl --ssl-reqd -k; row 9b is row 3a with Connect-FtpLite -Encryption Explicit -CertificateThumbprint and curl --ssl-reqd -k. An untimed 4 KiB TLS download from each server (and by the client worker) runs first.",
        'Row 10 starts a fresh pwsh -NoProfile for each sample (bench/ImportModuleTime.ps1) and times Import-Module alone with a Stopwatch inside it, FtpLite and an empty module manifest taking turns; the budget is 150 ms.',
        'Every transfer is checked: byte counts for each run, and a full comparison (cmp) of the content on the first run.'
    ))
$info['Duration'] = '{0:0} s' -f $clock.Elapsed.TotalSeconds
# Other work on the machine skews every figure; say how busy it was.
if (Get-Variable -Scope Script -Name LoadAtStart -ErrorAction Ignore) {
    $info['Load average (1, 5, 15 min)'] = "$script:LoadAtStart at the start, $((Get-Content /proc/loadavg).Split(' ')[0..2] -join ' ') at the end (on $([Environment]::ProcessorCount) cores; row 6's clients and vsftpd's session processes count in it too)"
}
if ($script:ServerDeaths.Count) { $info['Processes that died'] = $script:ServerDeaths -join '; ' }
if ($script:Failures.Count) { $info['Failures'] = "$($script:Failures.Count) (see the notes and samples)" }

$null = New-Item -ItemType Directory -Force $ResultsDirectory
$stamp = $startedAt.ToString('yyyy-MM-dd-HHmm', $inv)
# A run the harness could not finish must not replace the last good report.
$harnessBroke = @($script:Failures | Where-Object { $_.StartsWith('harness:') }).Count -gt 0
$targets = if ($Quick) { @('quick') } elseif ($harnessBroke) { @('incomplete') } else { @('latest', $stamp) }
foreach ($name in $targets) {
    Write-BenchSvg -Path (Join-Path $ResultsDirectory "$name.svg") -Rows $rows -Title "FtpLite vs peers, $($cfg.Mode) mode, $($startedAt.ToString('yyyy-MM-dd', $inv)) (ratio, log scale; higher is better)"
    Write-BenchMarkdown -Path (Join-Path $ResultsDirectory "$name.md") -Title "FtpLite benchmark, $($cfg.Mode) mode" -Rows $rows -Info $info -Method $method -Details $details -ChartFile "$name.svg"
}
Write-Step "Wrote $(($targets | ForEach-Object { Join-Path $ResultsDirectory "$_.md" }) -join ', ') in $('{0:0}' -f $clock.Elapsed.TotalSeconds) s"

foreach ($row in $rows) {
    Write-Host ('{0,-3} {1,-42} {2,-16} target {3,-24} {4}' -f $row.Id, $row.ChartLabel, $row.RatioText, $row.TargetText, $row.Status)
}
if ($script:Failures.Count) {
    $shown = @($script:Failures | Select-Object -First 5)
    throw "The benchmark recorded $($script:Failures.Count) failure(s), the first: $($shown -join ' || ')"
}
