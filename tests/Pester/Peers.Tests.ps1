<#
    The cmdlets against real FTP servers: vsftpd (LIST listings, no MLSD) and pyftpdlib (MLSD). Each peer is
    started from tests/peers/start-<peer>.sh on a free loopback port, as the peer user of
    tests/peers/peer-user.sh, and killed afterwards. A peer that is missing or does not greet makes its tests
    FAIL (BeforeAll throws), never skip: install them with tests/peers/install.sh.

    The steps of each peer run in order on one session: Send, Get, Receive, Remove. What the peers answer to a
    missing file or an existing destination is the client's business, tested against the same peers in
    tests/FtpLite.Tests/Interop/ClientAgainstPeerTests.cs; the error ids the cmdlets make of it are tested
    against FtpLite's server in Get, Receive and Send.Tests.ps1.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest

    $peerCredential = Get-PeerCredential
    $peerUser = $peerCredential.UserName

    # The files every peer gets: empty, one byte, a few MiB, and names with spaces and non-ASCII letters.
    $local = New-TestFolder -Prefix 'ftplite-peers-local'
    $files = [ordered]@{
        'empty.bin'                 = 0
        'one byte.bin'              = 1
        'three MiB.bin'             = 3MB + 4097
        'Ünïcødé façade ñame.txt'   = 1500
        'Ελληνικά 日本語 ファイル.dat' = 777
    }
    $seed = 40
    foreach ($name in $files.Keys) {
        $null = New-TestFile -Path (Join-Path $local $name) -Length $files[$name] -Seed $seed
        $seed++
    }
    $sortedNames = @($files.Keys | Sort-Object)
    $totalBytes = ($files.Values | Measure-Object -Sum).Sum

    function Get-LocalHash { param([string] $Name) Get-TestFileHash (Join-Path $local $Name) }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Against <Peer>' -ForEach @(@{ Peer = 'vsftpd' }, @{ Peer = 'pyftpdlib' }) {
    BeforeAll {
        $peerName = $Peer
        Disconnect-AllFtpLite
        $peerRoot = New-TestFolder -Prefix "ftplite-peer-$peerName-root"
        $peerServer = Start-PeerServer -Name $peerName -Root $peerRoot
        $session = Connect-FtpLite -Port $peerServer.Port -Credential $peerCredential -ErrorAction Stop
        $downloads = New-TestFolder -Prefix "ftplite-peer-$peerName-downloads"

        function Get-PeerNames {
            @(Get-ChildItem -LiteralPath $peerRoot -Force | ForEach-Object Name | Sort-Object)
        }
    }

    AfterAll {
        Disconnect-AllFtpLite
        Stop-PeerServer $peerServer
    }

    It 'connects and logs in as the peer user' {
        $session.State | Should -BeExactly 'Connected'
        $session.UserName | Should -BeExactly $peerUser
        $session.Greeting | Should -Match ([regex]::Escape(@{ vsftpd = 'vsFTPd'; pyftpdlib = 'pyftpdlib' }[$peerName]))
    }

    It 'refuses a wrong password: FtpLite.LoginFailed' {
        $wrong = New-TestCredential -UserName $peerUser -Password 'not-the-password'

        $output = Connect-FtpLite -Port $peerServer.Port -Credential $wrong -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
    }

    It 'Send: uploads Get-ChildItem output; the peer stores the same bytes under the same names' {
        $sent = @(Get-ChildItem -LiteralPath $local -File | Send-FtpLiteFile -Session $session -ErrorAction Stop)

        @($sent.Name | Sort-Object) | Should -Be $sortedNames
        foreach ($item in $sent) {
            $item.Length | Should -Be $files[$item.Name] -Because $item.Name
        }
        Get-PeerNames | Should -Be $sortedNames
        foreach ($name in $files.Keys) {
            Get-TestFileHash (Join-Path $peerRoot $name) | Should -Be (Get-LocalHash $name) -Because $name
        }
    }

    It 'Get: lists every name with its size, and never . or ..' {
        $items = @(Get-FtpLiteItem -Session $session -ErrorAction Stop)

        @($items.Name | Sort-Object) | Should -Be $sortedNames
        $items.Name | Should -Not -Contain '.'
        $items.Name | Should -Not -Contain '..'
        foreach ($item in $items) {
            $item.Length | Should -Be $files[$item.Name] -Because $item.Name
            $item.IsDirectory | Should -BeFalse -Because $item.Name
            $item.FullName | Should -BeExactly "/$($item.Name)"
        }
    }

    It 'Get: the total size is the sum of the file sizes (Measure-Object Length -Sum)' {
        (Get-FtpLiteItem -Session $session -ErrorAction Stop | Measure-Object Length -Sum).Sum | Should -Be $totalBytes
    }

    It 'Get: describes single files by name, <_>' -ForEach @('empty.bin', 'one byte.bin', 'three MiB.bin', 'Ünïcødé façade ñame.txt') {
        $item = Get-FtpLiteItem -Path $_ -Session $session -ErrorAction Stop

        $item | Should -HaveCount 1
        $item.Name | Should -BeExactly $_
        $item.Length | Should -Be $files[$_]
    }

    It 'Receive: Get-FtpLiteItem | Receive-FtpLiteFile downloads every file, bytes identical' {
        $received = @(Get-FtpLiteItem -Session $session -ErrorAction Stop | Receive-FtpLiteFile -Destination $downloads -ErrorAction Stop)

        @($received.Name | Sort-Object) | Should -Be $sortedNames
        foreach ($file in $received) {
            $file.Length | Should -Be $files[$file.Name] -Because $file.Name
            Get-TestFileHash $file.FullName | Should -Be (Get-LocalHash $file.Name) -Because $file.Name
        }
        @(Get-ChildItem -LiteralPath $downloads -Force | ForEach-Object Name | Sort-Object) | Should -Be $sortedNames
    }

    It 'Send -Destination puts files into a remote directory; Remove -Recurse deletes it' {
        $folder = Join-Path $peerRoot 'sub dir'
        $null = New-Item -ItemType Directory -Path $folder
        # The peer writes as its own user (vsftpd) or as root (pyftpdlib): let both write here.
        [System.IO.File]::SetUnixFileMode($folder, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupWrite, GroupExecute, OtherRead, OtherWrite, OtherExecute')

        $sent = @(Get-ChildItem -LiteralPath $local -Filter '*.bin' | Send-FtpLiteFile -Destination 'sub dir' -Session $session -ErrorAction Stop)

        @($sent.FullName | Sort-Object) | Should -Be @('/sub dir/empty.bin', '/sub dir/one byte.bin', '/sub dir/three MiB.bin')
        @(Get-FtpLiteItem -Path 'sub dir' -Session $session -ErrorAction Stop | ForEach-Object Name | Sort-Object) |
            Should -Be @('empty.bin', 'one byte.bin', 'three MiB.bin')
        Get-TestFileHash (Join-Path $folder 'three MiB.bin') | Should -Be (Get-LocalHash 'three MiB.bin')

        Remove-FtpLiteItem -Path 'sub dir' -Recurse -Session $session -ErrorAction Stop

        Test-Path -LiteralPath $folder | Should -BeFalse
        Get-PeerNames | Should -Be $sortedNames
    }

    It 'Remove: Get-FtpLiteItem | Remove-FtpLiteItem deletes every file' {
        Get-FtpLiteItem -Session $session -ErrorAction Stop | Remove-FtpLiteItem -ErrorAction Stop

        Get-PeerNames | Should -BeNullOrEmpty
        Get-FtpLiteItem -Session $session -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'Remove: reports FtpLite.RemoteItemNotFound for a file that is gone' {
        $null = Remove-FtpLiteItem -Path 'one byte.bin' -Session $session -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
    }

    It 'Disconnect-FtpLite closes the session' {
        Disconnect-FtpLite -Session $session -ErrorAction Stop

        $session.State | Should -BeExactly 'Closed'
    }

    It 'a new session, opened after all that, finds the empty folder and can upload again' {
        $again = Connect-FtpLite -Port $peerServer.Port -Credential $peerCredential -ErrorAction Stop
        try {
            Get-FtpLiteItem -Session $again -ErrorAction Stop | Should -BeNullOrEmpty
            $item = Send-FtpLiteFile -LiteralPath (Join-Path $local 'one byte.bin') -Session $again -ErrorAction Stop
            $item.Length | Should -Be 1
            @(Get-FtpLiteItem -Session $again -ErrorAction Stop).Name | Should -Be @('one byte.bin')
        }
        finally {
            Disconnect-FtpLite -Session $again
        }
    }
}
