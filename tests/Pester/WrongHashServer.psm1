<#
    A scripted FTP server for -Verify's failure path: it serves and stores files like any server, but answers
    HASH with the SHA-256 of nothing, whatever the file holds. It runs on a thread job, binds 127.0.0.1 port 0,
    takes one session at a time, and records every command line it receives.

        $liar = Start-WrongHashServer -Files @{ '/data.bin' = $bytes }
        ... Connect-FtpLite -Port $liar.Port ...
        Stop-WrongHashServer $liar   # after the sessions are closed
#>
Set-StrictMode -Version Latest

function Get-EmptySha256 {
    <# The hash this server gives for every file. #>
    'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'
}

function Start-WrongHashServer {
    param([hashtable] $Files = @{})
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $state = [hashtable]::Synchronized(@{
        Files    = [hashtable]::Synchronized($Files.Clone())
        Commands = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
    })
    $job = Start-ThreadJob -ArgumentList $listener, $state, (Get-EmptySha256) -ScriptBlock {
        param($listener, $state, $wrongHash)
        while ($true) {
            try { $client = $listener.AcceptTcpClient() } catch { return } # stopped
            try {
                $stream = $client.GetStream()
                $reader = [System.IO.StreamReader]::new($stream, [System.Text.UTF8Encoding]::new($false))
                $writer = [System.IO.StreamWriter]::new($stream, [System.Text.UTF8Encoding]::new($false))
                $writer.NewLine = "`r`n"
                $writer.AutoFlush = $true
                $passive = $null
                $writer.WriteLine('220 scripted server that lies about hashes')
                :session while ($null -ne ($line = $reader.ReadLine())) {
                    $null = $state.Commands.Add($line)
                    $verb, $path = $line -split ' ', 2
                    switch ($verb.ToUpperInvariant()) {
                        'USER' { $writer.WriteLine('331 password') }
                        'PASS' { $writer.WriteLine('230 logged in') }
                        'FEAT' { $writer.Write("211-Features:`r`n EPSV`r`n SIZE`r`n HASH SHA-256*`r`n211 End`r`n") }
                        'PWD' { $writer.WriteLine('257 "/" is the current directory') }
                        'CWD' { $writer.WriteLine($(if ($path -eq '/') { '250 ok' } else { '550 not a folder' })) }
                        'SIZE' { $writer.WriteLine($(if ($state.Files.ContainsKey($path)) { "213 $($state.Files[$path].Length)" } else { '550 no such file' })) }
                        'HASH' {
                            $last = [Math]::Max(0, $state.Files[$path].Length - 1)
                            $writer.WriteLine("213 SHA-256 0-$last $wrongHash $path")
                        }
                        'DELE' { $state.Files.Remove($path); $writer.WriteLine('250 deleted') }
                        'EPSV' {
                            $passive = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
                            $passive.Start()
                            $writer.WriteLine("229 Entering Extended Passive Mode (|||$($passive.LocalEndpoint.Port)|)")
                        }
                        { $_ -in 'RETR', 'STOR', 'LIST' } {
                            $writer.WriteLine('150 data connection')
                            $data = $passive.AcceptTcpClient()
                            $passive.Stop()
                            try {
                                $dataStream = $data.GetStream()
                                if ($_ -eq 'RETR') {
                                    $dataStream.Write($state.Files[$path], 0, $state.Files[$path].Length)
                                }
                                elseif ($_ -eq 'STOR') {
                                    $received = [System.IO.MemoryStream]::new()
                                    $dataStream.CopyTo($received)
                                    $state.Files[$path] = $received.ToArray()
                                }
                                else {
                                    foreach ($name in @($state.Files.Keys)) {
                                        $entry = "-rw-r--r-- 1 0 0 $($state.Files[$name].Length) Jan 01 2026 $($name.TrimStart('/'))`r`n"
                                        $dataStream.Write([System.Text.Encoding]::UTF8.GetBytes($entry))
                                    }
                                }
                            }
                            finally { $data.Dispose() }
                            $writer.WriteLine('226 done')
                        }
                        { $_ -in 'TYPE', 'OPTS', 'NOOP' } { $writer.WriteLine('200 ok') }
                        'QUIT' { $writer.WriteLine('221 bye'); break session }
                        default { $writer.WriteLine('502 not here') }
                    }
                }
            }
            catch [System.IO.IOException] { } # the client went away
            finally { $client.Dispose() }
        }
    }

    [pscustomobject]@{ Port = $listener.LocalEndpoint.Port; Files = $state.Files; Commands = $state.Commands; Listener = $listener; Job = $job }
}

function Stop-WrongHashServer {
    param([Parameter(Mandatory)] $Server)
    $Server.Listener.Stop()
    $null = $Server.Job | Wait-Job -Timeout 20
    $Server.Job | Receive-Job -ErrorAction Continue
    $Server.Job | Remove-Job -Force
}

Export-ModuleMember -Function Start-WrongHashServer, Stop-WrongHashServer, Get-EmptySha256
