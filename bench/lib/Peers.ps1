# The peers for Invoke-Benchmark.ps1: installing them, starting and stopping the servers (FtpLite, vsftpd and
# pyftpdlib, and the TLS pair of rows 9 and 9b), and running the client tools (curl, lftp, ftplib through
# ftpbench.py) with their timers. Every server runs in the foreground of its own process on a free loopback port.

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

function Install-BenchPeers {
    # vsftpd, pyftpdlib, curl, lftp and the local user vsftpd serves (tests/peers/install.sh); iperf3 for the
    # loopback ceiling. Returns the iperf3 command, or $null.
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
        $null = Invoke-Tool /bin/bash @('-c', 'export DEBIAN_FRONTEND=noninteractive; (apt-get install -y -qq iperf3 || (apt-get update -qq && apt-get install -y -qq iperf3)) >/dev/null 2>&1') -TimeoutSec 600
        $iperf = Get-Command iperf3 -ErrorAction Ignore
        if (-not $iperf) { Write-Step 'iperf3 is not available: the loopback ceiling will read "not measured".' }
    }
    $iperf
}

# ------------------------------------------------------------------------------------------------ servers

function Get-ServerCommand([string] $Name, [string] $Root, [int] $Port) {
    # The command line that runs server $Name in the foreground on $Port, serving $Root.
    $quote = { param($text) "'$($text -replace "'", "''")'" }
    $credential = "([pscredential]::new($(& $quote $script:PeerUser), (ConvertTo-SecureString $(& $quote $script:PeerPassword) -AsPlainText -Force)))"
    # Rows 6a-c start 200 clients at once from 127.0.0.1: FtpLite's defence against log-in floods from one address
    # (64 pending log-ins) would refuse a third of them, and the peers have no such limit by default.
    $ftplite = "Import-Module $(& $quote $ModulePath); Start-FtpLiteServer -Root $(& $quote $Root) -Address 127.0.0.1 -Port $Port -Credential $credential -MaxPendingLoginsPerIP 256"
    switch ($Name) {
        'ftplite' { @($script:Launch) + @('-NoProfile', '-NonInteractive', '-Command', "$ftplite -Wait") }
        'vsftpd' { @('/bin/bash', (Join-Path $peers 'start-vsftpd.sh'), $Root, "$Port") }
        'pyftpdlib' { @('/bin/bash', (Join-Path $peers 'start-pyftpdlib.sh'), $Root, "$Port") }
        # Rows 9 and 9b: explicit FTPS, required for log-ins and data on both.
        'ftplite-tls' {
            @($script:Launch) + @('-NoProfile', '-NonInteractive', '-Command',
                "$ftplite -Certificate $(& $quote $script:Tls.Pfx) -CertificatePassword (ConvertTo-SecureString '$($script:Tls.Password)' -AsPlainText -Force) -RequireTls -Wait")
        }
        'vsftpd-tls' {
            @('/bin/bash', (Join-Path $peers 'start-vsftpd.sh'), $Root, "$Port", 'ssl_enable=YES', "rsa_cert_file=$($script:Tls.CertPem)",
                "rsa_private_key_file=$($script:Tls.KeyPem)", 'force_local_logins_ssl=YES', 'force_local_data_ssl=YES', 'require_ssl_reuse=YES', 'ssl_ciphers=HIGH')
        }
        default { throw "No server named $Name." }
    }
}

function Get-BenchServer([string] $Name) {
    if ($servers.Contains($Name)) { $servers[$Name] } else { $tlsServers[$Name] }
}

function Start-BenchServer([string] $Name) {
    # Starts server $Name on a free port; Wait-BenchServer waits for its greeting.
    $server = Get-BenchServer $Name
    $port = Get-FreePort
    $server.Port = $port
    $server.Entry = Start-BenchProcess -Name $Name -Command (Get-ServerCommand $Name $server.Root $port) -LogPath (Join-Path $script:Logs "$Name-$port.log")
}

function Wait-BenchServer([string] $Name) {
    $server = Get-BenchServer $Name
    $server.Owner = Wait-FtpServer -Entry $server.Entry -Port $server.Port -TimeoutSec 60
}

function Stop-BenchServer([string] $Name) {
    $server = Get-BenchServer $Name
    if ($server.Entry) { Stop-BenchProcess $server.Entry; $server.Entry = $null }
}

function Confirm-Server([string] $Name) {
    # A server that died (a crash is a result too) is reported once and started again, so the rows after
    # it still measure.
    $server = Get-BenchServer $Name
    if ($server.Entry -and -not $server.Entry.Process.HasExited) { return }
    $code = if ($server.Entry) { $server.Entry.Process.ExitCode } else { '?' }
    $tail = if ($server.Entry -and (Test-Path $server.Entry.LogPath)) { (Get-Content -Tail 5 $server.Entry.LogPath) -join ' / ' } else { '' }
    $message = "the $Name server process exited with code $code$(if ($tail) { " (log: $tail)" }); started again"
    $script:Failures.Add("server.$Name`: $message")
    $script:ServerDeaths.Add("$Name`: $message")
    Write-Warning $message
    if ($server.Entry) { Stop-BenchProcess $server.Entry }
    Start-BenchServer $Name
    Wait-BenchServer $Name
}

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

# ------------------------------------------------------------------------------------------------ clients

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
    # bench/ftpbench.py (Python's ftplib): prints one JSON line, the last one.
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

function Get-Login {
    @('--user', $script:PeerUser, '--password', $script:PeerPassword)
}

function New-BenchCertificate {
    # Rows 9 and 9b: a throwaway self-signed certificate for 127.0.0.1 (PEM for vsftpd, a .pfx for FtpLite) in the
    # scratch folder, and so removed with it; sets $script:Tls.
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
        $script:Tls = @{
            Pfx = Join-Path $tlsDir 'server.pfx'; Password = [Guid]::NewGuid().ToString('N')
            CertPem = Join-Path $tlsDir 'server.crt'; KeyPem = Join-Path $tlsDir 'server.key'
            Thumbprint = $certificate.GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)
        }
        [System.IO.File]::WriteAllBytes($script:Tls.Pfx, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $script:Tls.Password))
        [System.IO.File]::WriteAllText($script:Tls.CertPem, $certificate.ExportCertificatePem() + "`n")
        [System.IO.File]::WriteAllText($script:Tls.KeyPem, $rsa.ExportPkcs8PrivateKeyPem() + "`n")
        $null = Invoke-Checked chmod @('600', $script:Tls.KeyPem, $script:Tls.Pfx)
        $certificate.Dispose()
    }
    finally { $rsa.Dispose() }
}
