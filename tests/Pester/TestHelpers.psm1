<#
    Shared helpers for the FtpLite Pester tests. Each test file imports this module in its top-level
    BeforeAll and calls Clear-FtpLiteTestState in its AfterAll:

        BeforeAll { Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force; Import-FtpLiteUnderTest }
        AfterAll  { Clear-FtpLiteTestState }

    Everything a helper creates (temporary folders, servers, peer processes) is recorded here and removed
    or stopped by Clear-FtpLiteTestState. Servers bind loopback only.
#>
Set-StrictMode -Version Latest

$script:Folders = [System.Collections.Generic.List[string]]::new()
$script:Servers = [System.Collections.Generic.List[object]]::new()
$script:Processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

function Get-FtpLiteRepoRoot { $script:RepoRoot }

function Import-FtpLiteUnderTest {
    <# Imports the built module: $env:FTPLITE_MODULE (build.ps1 sets it), else <repo>/out/FtpLite/FtpLite.psd1. #>
    $path = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $script:RepoRoot 'out/FtpLite/FtpLite.psd1' }
    if (-not (Test-Path -LiteralPath $path)) {
        throw "The FtpLite module is not built at '$path'. Run: dotnet pwsh ./build.ps1 -Task Build"
    }

    Import-Module $path -Global -ErrorAction Stop
}

function New-TestFolder {
    <# Creates an empty folder under the system temporary folder; Clear-FtpLiteTestState removes it. #>
    param([string] $Prefix = 'ftplite-pester')
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("$Prefix-" + [guid]::NewGuid().ToString('n').Substring(0, 12))
    $null = New-Item -ItemType Directory -Path $path -ErrorAction Stop
    $script:Folders.Add($path)
    $path
}

function Start-TestServer {
    <# Starts an FtpLite server on 127.0.0.1 with a free port (-Port 0); Clear-FtpLiteTestState stops it. #>
    param(
        [Parameter(Mandatory)] [string] $Root,
        [pscredential[]] $Credential,
        [switch] $AllowAnonymous,
        [switch] $AllowAnonymousWrite
    )
    $arguments = @{ Root = $Root; Port = 0; ErrorAction = 'Stop' }
    if ($Credential) { $arguments.Credential = $Credential }
    if ($AllowAnonymous) { $arguments.AllowAnonymous = $true }
    if ($AllowAnonymousWrite) { $arguments.AllowAnonymousWrite = $true }
    $server = Start-FtpLiteServer @arguments
    if ($null -eq $server) { throw "Start-FtpLiteServer returned nothing for '$Root'." }
    $script:Servers.Add($server)
    $server
}

function Register-TestServer {
    <# Records a server started some other way, so Clear-FtpLiteTestState stops it. #>
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process { $script:Servers.Add($Server) }
}

function New-TestCredential {
    param([Parameter(Mandatory)] [string] $UserName, [Parameter(Mandatory)] [string] $Password)
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function New-TestBytes {
    <# Deterministic content: the same length and seed always give the same bytes. #>
    param([Parameter(Mandatory)] [int] $Length, [int] $Seed = 1)
    $bytes = [byte[]]::new($Length)
    [System.Random]::new($Seed).NextBytes($bytes)
    # Unary comma: return the array itself, not its elements one by one.
    , $bytes
}

function New-TestFile {
    <# Writes deterministic bytes to a file (created with its folder) and returns the FileInfo. #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Length = 0, [int] $Seed = 1)
    $folder = Split-Path -Parent $Path
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder }
    [System.IO.File]::WriteAllBytes($Path, (New-TestBytes -Length $Length -Seed $Seed))
    Get-Item -LiteralPath $Path
}

function Get-TestFileHash {
    <# SHA-256 of a file, taken with -LiteralPath so names with brackets work. #>
    param([Parameter(Mandatory)] [string] $Path)
    (Get-FileHash -LiteralPath $Path -Algorithm SHA256 -ErrorAction Stop).Hash
}

function Get-FreeTcpPort {
    <# A loopback port that was free a moment ago (bound, read and released). #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-TcpPortOpen {
    <# True when something accepts TCP connections on 127.0.0.1:Port. #>
    param([Parameter(Mandatory)] [int] $Port)
    $client = [System.Net.Sockets.TcpClient]::new()
    try {
        $client.Connect([System.Net.IPAddress]::Loopback, $Port)
        $true
    }
    catch [System.Net.Sockets.SocketException], [System.Management.Automation.MethodInvocationException] {
        $false
    }
    finally {
        $client.Dispose()
    }
}

function Disconnect-AllFtpLite {
    <#
        Closes every FtpLite session of this runspace through the public cmdlet: Disconnect-FtpLite closes the
        default session and the previous one becomes the default, until there is none (FtpLite.NoSession).
    #>
    for ($i = 0; $i -lt 1000; $i++) {
        $failures = $null
        Disconnect-FtpLite -ErrorAction SilentlyContinue -ErrorVariable failures
        if ($failures) {
            if ($failures[0].FullyQualifiedErrorId -eq 'FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.DisconnectFtpLiteCommand') { return }
            throw "Disconnect-FtpLite failed: $($failures[0])"
        }
    }

    throw 'Disconnect-FtpLite kept finding sessions.'
}

function Get-PeerCredential {
    # The peer account, read from the script the peers use, so there is one place that names it.
    $peerUserScript = Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'tests/peers/peer-user.sh')
    if ($peerUserScript -notmatch '(?m)^FTPLITE_PEER_USER=(\S+)' ) { throw 'tests/peers/peer-user.sh names no FTPLITE_PEER_USER.' }
    $user = $Matches[1].Trim("'", '"')
    if ($peerUserScript -notmatch "(?m)^FTPLITE_PEER_PASSWORD='([^']*)'") { throw 'tests/peers/peer-user.sh names no FTPLITE_PEER_PASSWORD.' }
    New-TestCredential -UserName $user -Password $Matches[1]
}

function Start-PeerServer {
    <#
        Starts a peer FTP server (tests/peers/start-<Name>.sh ROOT PORT) as a background process with its output
        in files, and waits, bounded, for its 220 greeting. Throws, with the peer's output, when the peer is
        missing, exits, or does not greet: peer tests fail rather than skip.
    #>
    param(
        [Parameter(Mandatory)] [ValidateSet('vsftpd', 'pyftpdlib')] [string] $Name,
        [Parameter(Mandatory)] [string] $Root,
        [int] $TimeoutSec = 30,
        # Extra vsftpd.conf lines (vsftpd only), such as 'mdtm_write=NO'.
        [string[]] $VsftpdConfig = @()
    )
    $script = Join-Path $script:RepoRoot "tests/peers/start-$Name.sh"
    if (-not (Test-Path -LiteralPath $script)) { throw "The peer start script '$script' is missing." }
    $bash = (Get-Command bash -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $logs = New-TestFolder -Prefix "ftplite-peer-$Name-log"
    $port = Get-FreeTcpPort
    $process = Start-Process -FilePath $bash -ArgumentList @(@($script, $Root, $port) + $(if ($Name -eq 'vsftpd') { $VsftpdConfig } else { @() })) -PassThru `
        -RedirectStandardOutput (Join-Path $logs 'stdout.txt') -RedirectStandardError (Join-Path $logs 'stderr.txt')
    $script:Processes.Add($process)
    try {
        $greeting = Wait-FtpGreeting -Port $port -TimeoutSec $TimeoutSec -Process $process
    }
    catch {
        $output = Get-ChildItem -LiteralPath $logs -File | ForEach-Object { "--- $($_.Name)"; Get-Content -LiteralPath $_.FullName -Tail 20 }
        throw "The $Name peer did not start on port ${port}: $($_.Exception.Message)`n$($output -join "`n")"
    }

    [pscustomobject]@{ Name = $Name; Port = $port; Root = $Root; Process = $process; Greeting = $greeting; Logs = $logs }
}

function Stop-PeerServer {
    <# Stops a peer from Start-PeerServer now, rather than with Clear-FtpLiteTestState (which stops it too if this fails). #>
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $null = $Server.Process.WaitForExit(10000)
    }
}

function Wait-FtpGreeting {
    <# Connects until 127.0.0.1:Port answers with a 220 line; throws after TimeoutSec or when Process exits. #>
    param([Parameter(Mandatory)] [int] $Port, [int] $TimeoutSec = 30, [System.Diagnostics.Process] $Process)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $last = 'nothing answered'
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process -and $Process.HasExited) { throw "the process exited with status $($Process.ExitCode)" }
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.ReceiveTimeout = 5000
            $client.Connect([System.Net.IPAddress]::Loopback, $Port)
            $reader = [System.IO.StreamReader]::new($client.GetStream(), [System.Text.Encoding]::ASCII)
            $line = $reader.ReadLine()
            if ($line -like '220*') { return $line }
            $last = "it answered '$line'"
        }
        catch {
            $last = $_.Exception.Message
        }
        finally {
            $client.Dispose()
        }

        Start-Sleep -Milliseconds 200
    }

    throw "no 220 greeting within $TimeoutSec s ($last)"
}

function Clear-FtpLiteTestState {
    <# Closes all sessions, stops recorded servers and peer processes, removes recorded folders. #>
    try { Disconnect-AllFtpLite } catch { Write-Warning $_ }
    foreach ($server in $script:Servers) {
        try { $server | Stop-FtpLiteServer -ErrorAction Stop } catch { Write-Warning "Stopping $server failed: $_" }
    }

    $script:Servers.Clear()
    foreach ($process in $script:Processes) {
        try {
            if (-not $process.HasExited) {
                $process.Kill($true)
                $null = $process.WaitForExit(10000)
            }
        }
        catch { Write-Warning "Stopping process $($process.Id) failed: $_" }
        finally { $process.Dispose() }
    }

    $script:Processes.Clear()
    foreach ($folder in $script:Folders) {
        if (Test-Path -LiteralPath $folder) {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Continue
        }
    }

    $script:Folders.Clear()
}

Export-ModuleMember -Function *
