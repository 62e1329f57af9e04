#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs FtpLite client cmdlets for the benchmark, one request at a time, and times them.
.DESCRIPTION
    Started once per benchmark by Invoke-Benchmark.ps1 as a non-interactive pwsh process with the module
    imported, so the timed operations measure the cmdlets and not the start-up of PowerShell (row 8 measures
    that separately). Progress reporting is left as shipped ($ProgressPreference is not touched).

    Protocol: one JSON request per line on standard input; for each, one line
    "@@RESULT <json>" on standard output. Anything else on standard output is to be ignored.
    Every timed operation includes Connect-FtpLite and Disconnect-FtpLite, as curl's and lftp's timings
    include their connection and login.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath

function Connect-Bench($Request) {
    $secure = ConvertTo-SecureString $Request.password -AsPlainText -Force
    $credential = [pscredential]::new($Request.user, $secure)
    # Rows 9 and 9b: explicit FTPS, trusting the harness's throwaway certificate by its thumbprint.
    $tls = @{}
    if ($Request.PSObject.Properties['encryption'] -and $Request.encryption) {
        $tls.Encryption = $Request.encryption
        if ($Request.PSObject.Properties['thumbprint'] -and $Request.thumbprint) { $tls.CertificateThumbprint = $Request.thumbprint }
        else { $tls.SkipCertificateCheck = $true }
    }
    $null = Connect-FtpLite -ComputerName 127.0.0.1 -Port $Request.port -Credential $credential @tls
}

function Get-Throttle($Request) {
    $throttle = @{}
    if ($Request.PSObject.Properties['throttle'] -and $Request.throttle) { $throttle.ThrottleLimit = [int]$Request.throttle }
    $throttle
}

function Invoke-Request($Request) {
    $sw = [System.Diagnostics.Stopwatch]::new()
    $result = [ordered]@{ ok = $true }
    switch ($Request.op) {
        'probe' {
            $result.progressPreference = "$ProgressPreference"
            $result.throttleSend = (Get-Command Send-FtpLiteFile).Parameters.ContainsKey('ThrottleLimit')
            $result.throttleReceive = (Get-Command Receive-FtpLiteFile).Parameters.ContainsKey('ThrottleLimit')
            $result.encryption = (Get-Command Connect-FtpLite).Parameters.ContainsKey('Encryption')
            $result.moduleVersion = (Get-Module FtpLite).Version.ToString()
            $result.psVersion = $PSVersionTable.PSVersion.ToString()
            $result.dotnet = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
            $result.interactive = [Environment]::UserInteractive
        }
        'warmup' {
            # Untimed: load and JIT the code paths the timed requests use.
            Connect-Bench $Request
            $null = Get-FtpLiteItem $Request.listDir
            $null = Send-FtpLiteFile -Path $Request.local -Destination $Request.remote -Force
            $null = Receive-FtpLiteFile -Path $Request.remote -Destination $Request.download -Force
            $null = Get-FtpLiteItem $Request.smallDir | Select-Object -First 3 | Receive-FtpLiteFile -Destination $Request.smallLocal -Force
            Disconnect-FtpLite
        }
        'download' {
            $sw.Start()
            Connect-Bench $Request
            $null = Receive-FtpLiteFile -Path $Request.remote -Destination $Request.local -Force
            Disconnect-FtpLite
            $sw.Stop()
            $result.bytes = (Get-Item -LiteralPath $Request.local).Length
        }
        'upload' {
            $sw.Start()
            Connect-Bench $Request
            $null = Send-FtpLiteFile -Path $Request.local -Destination $Request.remote -Force
            Disconnect-FtpLite
            $sw.Stop()
        }
        'mirror-down' {
            $throttle = Get-Throttle $Request
            $sw.Start()
            Connect-Bench $Request
            $null = Get-FtpLiteItem $Request.remote | Receive-FtpLiteFile -Destination $Request.local @throttle
            Disconnect-FtpLite
            $sw.Stop()
        }
        'mirror-up' {
            $throttle = Get-Throttle $Request
            $sw.Start()
            Connect-Bench $Request
            $null = Get-ChildItem -LiteralPath $Request.local -File | Send-FtpLiteFile -Destination ($Request.remote.TrimEnd('/') + '/') @throttle
            Disconnect-FtpLite
            $sw.Stop()
        }
        'list' {
            $sw.Start()
            Connect-Bench $Request
            $items = Get-FtpLiteItem $Request.remote
            Disconnect-FtpLite
            $sw.Stop()
            $result.count = @($items).Count
        }
        default { throw "Unknown request '$($Request.op)'." }
    }
    $result.seconds = $sw.Elapsed.TotalSeconds
    $result
}

while ($null -ne ($line = [Console]::In.ReadLine())) {
    if (-not $line.Trim()) { continue }
    try {
        $result = Invoke-Request ($line | ConvertFrom-Json)
    }
    catch {
        $record = $_
        $result = [ordered]@{ ok = $false; error = "$($record.FullyQualifiedErrorId): $($record.Exception.Message)" }
        # Leave no session behind for the next request.
        try { Disconnect-FtpLite -ErrorAction Ignore } catch { $null = $_ }
    }
    [Console]::Out.WriteLine('@@RESULT ' + ($result | ConvertTo-Json -Compress -Depth 4))
    [Console]::Out.Flush()
}
