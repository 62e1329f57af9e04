# The harness side of bench/ClientWorker.ps1: one long-lived non-interactive pwsh that runs FtpLite's client
# cmdlets on request (JSON lines on its stdin, @@RESULT lines on its stdout), so the client rows time the
# cmdlets and not PowerShell's start-up (row 8's business).

function Start-ClientWorker {
    $log = Join-Path $script:Logs 'client-worker.err'
    $psi = [System.Diagnostics.ProcessStartInfo]::new('/bin/bash')
    $command = @($script:Launch) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $bench 'ClientWorker.ps1'), '-ModulePath', $ModulePath)
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

function Invoke-WorkerWarmup {
    # One untimed request against vsftpd (a listing, a small-file download, a round trip) before the first timed
    # client sample, whichever row comes first; later calls do nothing.
    if ($script:WorkerWarm) { return }
    $warmup = New-WorkerRequest 'warmup' $servers['vsftpd'].Port @{ listDir = '/list'; smallDir = '/small'; local = $rt; remote = '/rt/warm.bin'
        download = (Join-Path $client 'warm.bin'); smallLocal = (Join-Path $client 'warm-small')
    }
    $null = Invoke-Worker $warmup 300
    $script:WorkerWarm = $true
}

function Stop-ClientWorker {
    # Closing its input ends the worker; Stop-AllBenchProcesses kills it if it does not.
    try {
        if ($script:Worker -and -not $script:Worker.Process.HasExited) {
            $script:Worker.Process.StandardInput.Close()
            $null = $script:Worker.Process.WaitForExit(5000)
        }
    }
    catch { $null = $_ }
}
