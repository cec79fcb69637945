// The scenario and lab files of topic "docker-fd-exhaustion" (see play-files.ts), played in their own test file.
import { playTopic } from './play-files.ts'

playTopic('docker-fd-exhaustion')
