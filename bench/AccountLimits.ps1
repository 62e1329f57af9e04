#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The accounts rows: a user's bandwidth limit as curl sees it (down and up), and what a login costs with the
    account file's PBKDF2 hash (the first login of a password) and after it (the verified-password cache).
.DESCRIPTION
    Serves a throwaway account file with one user limited to -LimitMiBps (4 MiB/s by default) from this process
    (Start-FtpLiteServer -Port 0 -AccountPath), then, -Runs times: curl downloads -Seconds worth of bytes at that
    rate to /dev/null and uploads as many, and curl's own speed figures are reported against the limit (the target:
    within 10 % of it). The login rows time curl's connect + login (time_pretransfer of an NLST) for a user whose
    password the server has not verified yet, then for the same user again. Prints a markdown table and writes it to
    -OutFile. Loopback only; needs curl.
.EXAMPLE
    dotnet pwsh ./bench/AccountLimits.ps1 -ModulePath ./out/FtpLite/FtpLite.psd1 -Runs 3
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/FtpLite/FtpLite.psd1'),
    [int] $Runs = 3,
    [double] $LimitMiBps = 4,
    [int] $Seconds = 10,
    [string] $OutFile = (Join-Path $PSScriptRoot "results/$(Get-Date -Format yyyy-MM-dd)-accounts.md")
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath
$work = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-bench-accounts-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path (Join-Path $work 'home'), (Join-Path $work 'share')
$limit = [long]($LimitMiBps * 1MB)
$bytes = $limit * $Seconds
$file = Join-Path $work 'home/big.bin'
$stream = [System.IO.File]::Create($file)
try { $stream.SetLength($bytes) } finally { $stream.Dispose() }
$accounts = Join-Path $work 'accounts.json'
function New-BenchUser([string] $Name, [string] $Password, [long] $Rate) {
    $credential = [pscredential]::new($Name, (ConvertTo-SecureString $Password -AsPlainText -Force))
    $extra = if ($Rate) { @{ BandwidthBytesPerSecond = $Rate } } else { @{} }
    $null = New-FtpLiteAccount -Path $accounts -Credential $credential -Home (Join-Path $work 'home') -Rights ([FtpLite.Server.Accounts.FtpRights]::All) -Force @extra
}
New-BenchUser 'limited' 'limited-pw' $limit
foreach ($run in 1..$Runs) { New-BenchUser "fresh$run" "fresh-pw-$run" 0 }

function Invoke-Curl([string[]] $Arguments) {
    $out = & curl -sS --fail @Arguments -w '%{speed_download} %{speed_upload} %{time_pretransfer}'
    if ($LASTEXITCODE) { throw "curl $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
    $fields = "$out".Trim() -split ' '
    [pscustomobject]@{ Down = [double]$fields[0]; Up = [double]$fields[1]; Login = [double]$fields[2] }
}
function Get-Median([double[]] $Values) { $s = @($Values | Sort-Object); $s[[int][math]::Floor(($s.Count - 1) / 2)] }

$server = Start-FtpLiteServer -Root (Join-Path $work 'share') -Address 127.0.0.1 -Port 0 -AccountPath $accounts
try {
    $url = "ftp://127.0.0.1:$($server.Port)"
    $down = @(); $up = @(); $first = @(); $again = @()
    foreach ($run in 1..$Runs) {
        $down += (Invoke-Curl @('-u', 'limited:limited-pw', '-o', '/dev/null', "$url/big.bin")).Down
        $up += (Invoke-Curl @('-u', 'limited:limited-pw', '-T', $file, "$url/up-$run.bin")).Up
        $first += (Invoke-Curl @('-u', "fresh$($run):fresh-pw-$run", '-l', '-o', '/dev/null', "$url/")).Login
        $again += (Invoke-Curl @('-u', "fresh$($run):fresh-pw-$run", '-l', '-o', '/dev/null', "$url/")).Login
    }
}
finally {
    $server | Stop-FtpLiteServer
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}

$mib = { param($v) '{0:0.00} MiB/s' -f ($v / 1MB) }
$lines = @(
    "# Accounts: bandwidth limit and login cost ($(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC, load $((Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3))"
    ''
    "Medians of $Runs runs; limit $(& $mib $limit), $Seconds s of data per transfer; every sample in brackets."
    ''
    '| row | median | target | samples |'
    '| --- | --- | --- | --- |'
    "| download, limited user | $(& $mib (Get-Median $down)) | $(& $mib ($limit * 0.9))-$(& $mib ($limit * 1.1)) | $(($down | ForEach-Object { & $mib $_ }) -join ', ') |"
    "| upload, limited user | $(& $mib (Get-Median $up)) | $(& $mib ($limit * 0.9))-$(& $mib ($limit * 1.1)) | $(($up | ForEach-Object { & $mib $_ }) -join ', ') |"
    "| first login (PBKDF2-SHA256, 600,000 iterations) | $('{0:0} ms' -f ((Get-Median $first) * 1000)) | slow on purpose | $(($first | ForEach-Object { '{0:0} ms' -f ($_ * 1000) }) -join ', ') |"
    "| the same login again (verified-password cache) | $('{0:0} ms' -f ((Get-Median $again) * 1000)) | fast | $(($again | ForEach-Object { '{0:0} ms' -f ($_ * 1000) }) -join ', ') |"
)
$lines | Set-Content -LiteralPath $OutFile
$lines
